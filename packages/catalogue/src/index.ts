/** @oncoatlas/catalogue: EUCAIM DCAT-AP records of released datasets (in progress, issue 7). */
export {};
