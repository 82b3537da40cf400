export { PrintDocument, type Column, type DocumentInfo, type Signatory } from './document.ts';
export { dateInWib, dateTimeWib, dayName, longDate, monthName } from './dates.ts';
export { sendPdf } from './reply.ts';
