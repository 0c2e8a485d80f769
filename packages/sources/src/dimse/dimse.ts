/** The public API of the DICOM C-STORE receiver (re-exported by the package index). */
export { startStoreReceiver } from './store-receiver.ts';
export type { ReceiveProblem, ReceiverCounts, StoredEvent, StoreReceiver, StoreReceiverOptions } from './store-receiver.ts';
export { IMPLEMENTATION_CLASS_UID } from './part10-meta.ts';
