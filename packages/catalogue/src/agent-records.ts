/**
 * Agents and contact points: the publisher and the Health Data Access Body (foaf:Agent with a
 * cv:ContactPoint, §4.1 and §4.3), and the dataset's own contact points (vcard:Kind, §4.1). Two contact
 * vocabularies because the profile uses both: DCAT's dcat:contactPoint is a vCard, the HealthDCAT-AP agents
 * carry SEMIC's cv:contactPoint.
 */
import { DataFactory } from 'n3';
import type { Quad_Subject } from 'n3';
import type { ContactPoint, Organisation } from './dataset-facts.ts';
import { checkEmail, iriFact, linkFact, mailto, term, type BlankNodeOf, type Triples } from './rdf-terms.ts';

const { literal } = DataFactory;

/**
 * `subject predicate [ a foaf:Agent, foaf:Organization ; foaf:name … ; cv:contactPoint [ … ] ]`. The contact
 * point is written only when it has an email or a page, so an empty one is reported as missing.
 */
export function addOrganisation(t: Triples, subject: Quad_Subject, predicate: string, org: Organisation, node: BlankNodeOf, field: string): void {
  const agent = node(field);
  t.add(subject, predicate, agent);
  t.add(agent, 'rdf:type', term('foaf:Agent'));
  t.add(agent, 'rdf:type', term('foaf:Organization'));
  if (org.name.trim() !== '') t.add(agent, 'foaf:name', literal(org.name.trim()));
  if (org.homepage) {
    const homepage = linkFact(org.homepage, `${field}.homepage`);
    t.add(agent, 'foaf:homepage', homepage);
    t.add(homepage, 'rdf:type', term('foaf:Document'));
  }
  if (!org.email && !org.contactPage) return;
  const contact = node(`${field}_contact`);
  t.add(agent, 'cv:contactPoint', contact);
  t.add(contact, 'rdf:type', term('cv:ContactPoint'));
  // cv:email is a literal in the profile (unlike vcard:hasEmail, a mailto: IRI).
  if (org.email) t.add(contact, 'cv:email', literal(checkEmail(org.email, `${field}.email`)));
  if (org.contactPage) t.add(contact, 'cv:contactPage', linkFact(org.contactPage, `${field}.contactPage`));
}

/** `dataset dcat:contactPoint [ a vcard:Kind ; vcard:fn … ; vcard:hasEmail <mailto:…> ; vcard:hasURL <…> ]`. */
export function addContactPoints(t: Triples, dataset: Quad_Subject, contacts: readonly ContactPoint[], node: BlankNodeOf): void {
  contacts.forEach((contact, i) => {
    const field = `contactPoints[${i}]`;
    const kind = node(`contact${i}`);
    t.add(dataset, 'dcat:contactPoint', kind);
    t.add(kind, 'rdf:type', term('vcard:Kind'));
    if (contact.name.trim() !== '') t.add(kind, 'vcard:fn', literal(contact.name.trim()));
    if (contact.email) t.add(kind, 'vcard:hasEmail', mailto(contact.email, `${field}.email`));
    if (contact.url) t.add(kind, 'vcard:hasURL', linkFact(contact.url, `${field}.url`));
  });
}
