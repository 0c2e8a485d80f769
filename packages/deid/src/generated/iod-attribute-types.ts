// TEMPORARY
export const SOP_CLASS_TO_IOD: Readonly<Record<string, string>> = {};
export const IOD_ATTRIBUTE_TYPES: Readonly<Record<string, Readonly<Record<string, "1" | "1C" | "2" | "2C" | "3">>>> = {};
