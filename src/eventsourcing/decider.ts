/**
 * A domain event as a decider sees it: a type and its data (a `RecordedEvent` is one too).
 *
 * @example
 * ```ts
 * type Deposited = DomainEvent<'MoneyDeposited', { amountCents: number }>;
 * ```
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * An aggregate written the functional way (emmett's and Jérémie Chassaing's decider): pure
 * functions, no classes, no I/O. `decide` turns a command and the current state into new events
 * (or throws a domain error); `evolve` folds one event into the state.
 *
 * @example
 * ```ts
 * const counter: Decider<number, { type: 'Add'; by: number }, DomainEvent<'Added', { by: number }>> = {
 *   initialState: () => 0,
 *   decide: (command) => [{ type: 'Added', data: { by: command.by } }],
 *   evolve: (state, event) => state + event.data.by,
 * };
 * ```
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState(): State;
  decide(command: Command, state: State): Event | readonly Event[];
  evolve(state: State, event: Event): State;
}

/**
 * The state after a sequence of events: `events.reduce(evolve, initialState())`.
 *
 * @example
 * ```ts
 * replay(counter, [{ type: 'Added', data: { by: 2 } }]); // 2
 * ```
 */
export function replay<State, Event extends DomainEvent>(decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>, events: Iterable<Event>, state: State = decider.initialState()): State {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
}

/**
 * `decide`'s result as an array.
 *
 * @example
 * ```ts
 * decisions({ type: 'Added', data: 1 }); // [{ type: 'Added', data: 1 }]
 * ```
 */
export function decisions<Event>(result: Event | readonly Event[]): readonly Event[] {
  return Array.isArray(result) ? (result as readonly Event[]) : [result as Event];
}
