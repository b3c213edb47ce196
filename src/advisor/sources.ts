/**
 * Where each decision comes from: the published papers, books and vendor documentation each rule
 * relies on. Rules cite these constants, so a reference is written (and corrected) once.
 */

/**
 * One source: a title, optionally the chapter or section, and a link.
 *
 * @example
 * ```ts
 * const source: Citation = { title: 'Garcia-Molina & Salem, Sagas (SIGMOD, 1987)', url: 'https://doi.org/10.1145/38713.38742' };
 * ```
 */
export interface Citation {
  readonly title: string;
  /** Chapter, section or page, e.g. "ch. 5, Replication". */
  readonly detail?: string;
  readonly url?: string;
}

const ddia = 'Kleppmann, Designing Data-Intensive Applications (O’Reilly, 2017)';

/**
 * A section of the internal notes pacelc's rules were first drafted from. No rule cites it any
 * more: a reader cannot look those notes up.
 *
 * @deprecated Cite what a reader can follow: an entry of {@link literature} (papers, books and
 * vendor documentation, with links) or {@link ddiaChapter}. Kept only so that code written against
 * earlier versions still compiles; it will be removed in the next major version.
 *
 * @example
 * ```ts
 * // instead of seed('Decision Frameworks — Choosing Consistency Model'):
 * const sources = [literature.abadi, literature.vogels];
 * ```
 */
export function seed(section: string): Citation {
  return { title: 'designing-distributed-systems (internal notes, not published)', detail: section };
}

/**
 * A chapter of Kleppmann's *Designing Data-Intensive Applications*.
 *
 * @example
 * ```ts
 * ddiaChapter(9, 'Consistency and Consensus', 'Linearizability');
 * ```
 */
export function ddiaChapter(chapter: number, name: string, section?: string): Citation {
  return { title: ddia, detail: `ch. ${chapter}, ${name}${section === undefined ? '' : ` — ${section}`}` };
}

/**
 * The literature the rules cite.
 *
 * @example
 * ```ts
 * const rule = { id: 'call.retry-backoff', sources: [literature.backoffJitter, literature.sreCascading], ... };
 * ```
 */
export const literature = {
  abadi: { title: 'Abadi, Consistency Tradeoffs in Modern Distributed Database System Design (IEEE Computer 45(2), 2012) — PACELC', url: 'https://doi.org/10.1109/MC.2012.33' },
  brewer2000: { title: 'Brewer, Towards Robust Distributed Systems (PODC keynote, 2000) — the CAP conjecture', url: 'https://doi.org/10.1145/343477.343502' },
  brewer2012: { title: 'Brewer, CAP Twelve Years Later: How the “Rules” Have Changed (IEEE Computer 45(2), 2012)', url: 'https://doi.org/10.1109/MC.2012.37' },
  gilbertLynch: { title: 'Gilbert & Lynch, Brewer’s Conjecture and the Feasibility of Consistent, Available, Partition-Tolerant Web Services (SIGACT News, 2002)', url: 'https://doi.org/10.1145/564585.564601' },
  herlihyWing: { title: 'Herlihy & Wing, Linearizability: A Correctness Condition for Concurrent Objects (TOPLAS, 1990)', url: 'https://doi.org/10.1145/78969.78972' },
  vogels: { title: 'Vogels, Eventually Consistent (CACM 52(1), 2009)', url: 'https://doi.org/10.1145/1435417.1435432' },
  terry: { title: 'Terry et al., Session Guarantees for Weakly Consistent Replicated Data (PDIS, 1994)', url: 'https://doi.org/10.1109/PDIS.1994.331722' },
  lamport: { title: 'Lamport, Time, Clocks, and the Ordering of Events in a Distributed System (CACM, 1978)', url: 'https://doi.org/10.1145/359545.359563' },
  cops: { title: 'Lloyd et al., Don’t Settle for Eventual: Scalable Causal Consistency for Wide-Area Storage with COPS (SOSP, 2011)', url: 'https://doi.org/10.1145/2043556.2043593' },
  pbs: { title: 'Bailis et al., Probabilistically Bounded Staleness for Practical Partial Quorums (VLDB, 2012)', url: 'https://doi.org/10.14778/2212351.2212359' },
  dynamo: { title: 'DeCandia et al., Dynamo: Amazon’s Highly Available Key-value Store (SOSP, 2007)', url: 'https://doi.org/10.1145/1294261.1294281' },
  crdt: { title: 'Shapiro, Preguiça, Baquero & Zawirski, Conflict-free Replicated Data Types (SSS, 2011)', url: 'https://doi.org/10.1007/978-3-642-24550-3_29' },
  hlc: { title: 'Kulkarni et al., Logical Physical Clocks (Hybrid Logical Clocks, OPODIS, 2014)', url: 'https://doi.org/10.1007/978-3-319-14472-6_2' },
  raft: { title: 'Ongaro & Ousterhout, In Search of an Understandable Consensus Algorithm (Raft, USENIX ATC, 2014)', url: 'https://www.usenix.org/conference/atc14/technical-sessions/presentation/ongaro' },
  spanner: { title: 'Corbett et al., Spanner: Google’s Globally-Distributed Database (OSDI, 2012)', url: 'https://www.usenix.org/conference/osdi12/technical-sessions/presentation/corbett' },
  abd: { title: 'Attiya, Bar-Noy & Dolev, Sharing Memory Robustly in Message-Passing Systems (JACM, 1995)', url: 'https://doi.org/10.1145/200836.200869' },
  consistentHashing: { title: 'Karger et al., Consistent Hashing and Random Trees (STOC, 1997)', url: 'https://doi.org/10.1145/258533.258660' },
  sagas: { title: 'Garcia-Molina & Salem, Sagas (SIGMOD, 1987)', url: 'https://doi.org/10.1145/38713.38742' },
  richardsonSaga: { title: 'Richardson, Microservices Patterns (Manning, 2018), ch. 4 Managing transactions with sagas; pattern: Saga', url: 'https://microservices.io/patterns/data/saga.html' },
  outbox: { title: 'Richardson, Pattern: Transactional outbox', url: 'https://microservices.io/patterns/data/transactional-outbox.html' },
  databasePerService: { title: 'Richardson, Pattern: Database per service', url: 'https://microservices.io/patterns/data/database-per-service.html' },
  releaseIt: { title: 'Nygard, Release It! Design and Deploy Production-Ready Software, 2nd ed. (Pragmatic Bookshelf, 2018), ch. 5 Stability Patterns' },
  buildersTimeouts: { title: 'Brooker, Timeouts, retries, and backoff with jitter (Amazon Builders’ Library, 2019)', url: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/' },
  backoffJitter: { title: 'Brooker, Exponential Backoff And Jitter (AWS Architecture Blog, 2015)', url: 'https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/' },
  sreCascading: { title: 'Beyer et al., Site Reliability Engineering (O’Reilly, 2016), ch. 22 Addressing Cascading Failures — retry budgets', url: 'https://sre.google/sre-book/addressing-cascading-failures/' },
  tailAtScale: { title: 'Dean & Barroso, The Tail at Scale (CACM 56(2), 2013)', url: 'https://doi.org/10.1145/2408776.2408794' },
  littlesLaw: { title: 'Little, A Proof for the Queuing Formula L = λW (Operations Research 9(3), 1961)', url: 'https://doi.org/10.1287/opre.9.3.383' },
  bulkhead: { title: 'Microsoft Azure Architecture Center, Bulkhead pattern', url: 'https://learn.microsoft.com/azure/architecture/patterns/bulkhead' },
  resilience4jBreaker: { title: 'Resilience4j documentation, CircuitBreaker (failure-rate and slow-call thresholds, sliding windows)', url: 'https://resilience4j.readme.io/docs/circuitbreaker' },
  cacheAside: { title: 'Microsoft Azure Architecture Center, Cache-Aside pattern', url: 'https://learn.microsoft.com/azure/architecture/patterns/cache-aside' },
  cachingDataSources: { title: 'Oracle Coherence documentation, Caching Data Sources — read-through, write-through, write-behind and refresh-ahead caching', url: 'https://docs.oracle.com/en/middleware/standalone/coherence/14.1.1.2206/develop-applications/caching-data-sources.html' },
  xfetch: { title: 'Vattani, Chierichetti & Lowenstein, Optimal Probabilistic Cache Stampede Prevention (VLDB, 2015)', url: 'https://doi.org/10.14778/2757807.2757813' },
  facebookMemcache: { title: 'Nishtala et al., Scaling Memcache at Facebook (NSDI, 2013) — leases against thundering herds', url: 'https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala' },
  fencing: { title: 'Kleppmann, How to do distributed locking (2016) — fencing tokens', url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html' },
  discoveryPatterns: { title: 'Richardson, Patterns: Client-side discovery, Server-side discovery, Service mesh', url: 'https://microservices.io/patterns/client-side-discovery.html' },
  twoPhaseCommit: { title: 'Gray & Lamport, Consensus on Transaction Commit (TODS, 2006) — 2PC blocks when the coordinator fails', url: 'https://doi.org/10.1145/1132863.1132867' },
  srePercentiles: { title: 'Beyer et al., Site Reliability Engineering (O’Reilly, 2016), ch. 6 Monitoring Distributed Systems — the four golden signals', url: 'https://sre.google/sre-book/monitoring-distributed-systems/' },
} as const satisfies Record<string, Citation>;
