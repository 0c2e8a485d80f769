export { factsOf, readFacts } from './inventory/instance-facts.ts';
export type { InstanceFacts } from './inventory/instance-facts.ts';
export { Inventory } from './inventory/inventory.ts';
export type { Counts, InventoryReport } from './inventory/inventory.ts';
export { barChart, inventoryHtml } from './inventory/inventory-html.ts';
export { instanceFacts, runInventory } from './inventory/run-inventory.ts';
