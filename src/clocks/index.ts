export { LamportClock } from './lamport.js';
export { VectorClock, VersionVector, type CausalOrder } from './vector-clock.js';
export { SiblingSet, covers, type Dot, type Sibling, type SiblingRead, type SiblingSetJson } from './dotted-version-vector.js';
export { HybridLogicalClock, ClockOffsetError, compareHlc, formatHlc, type HlcTimestamp, type HybridLogicalClockOptions } from './hlc.js';
export { lastWriterWins, compareStamps, type LwwStamp } from './lww.js';
