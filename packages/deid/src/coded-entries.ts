/**
 * Attributes of coded entries (PS3.3 Table 8.8-1) and the SR relationship and value types: vocabulary, not
 * free text. The editor keeps them inside dummy or cleaned content so SR trees stay valid, and verification
 * does not read a procedure code that happens to equal a removed description as a leak.
 */
export const CODE_ATTRIBUTES: ReadonlySet<number> = new Set([
  0x00080100, 0x00080102, 0x00080103, 0x00080104, 0x00080105, 0x00080106, 0x0008010f, 0x00080117, 0x00080118,
  0x00080119, 0x00080120, 0x00080121, 0x00080122, 0x0040a040, 0x0040a010,
]);
