// The classic order → payment → inventory services, as fakes that take idempotency keys: a repeated
// key is not applied twice, and a compensation leaves a tombstone so a late action with the same
// key is refused (the "compensation before action" race).
export class PaymentService {
  readonly balances = new Map<string, number>();
  readonly charges = new Map<string, { customer: string; amount: number; refunded: boolean }>();
  /** Keys of actions that were applied more than once (must stay empty). */
  readonly doubleApplied: string[] = [];

  charge(key: string, customer: string, amount: number): { chargeId: string } {
    const existing = this.charges.get(key);
    if (existing !== undefined) return { chargeId: key }; // a repeat: already applied
    const balance = this.balances.get(customer) ?? 0;
    if (balance < amount) throw new Error(`insufficient funds: ${customer} has ${balance}, needs ${amount}`);
    this.balances.set(customer, balance - amount);
    this.charges.set(key, { customer, amount, refunded: false });
    return { chargeId: key };
  }

  refund(chargeKey: string): void {
    const charge = this.charges.get(chargeKey);
    if (charge === undefined) {
      this.charges.set(chargeKey, { customer: '', amount: 0, refunded: true }); // tombstone
      return;
    }
    if (charge.refunded) return;
    charge.refunded = true;
    this.balances.set(charge.customer, (this.balances.get(charge.customer) ?? 0) + charge.amount);
  }
}

export class InventoryService {
  readonly stock = new Map<string, number>();
  readonly reservations = new Map<string, { sku: string; quantity: number; released: boolean }>();

  reserve(key: string, sku: string, quantity: number): { reservationId: string } {
    if (this.reservations.has(key)) return { reservationId: key };
    const available = this.stock.get(sku) ?? 0;
    if (available < quantity) throw new Error(`out of stock: ${sku} has ${available}, needs ${quantity}`);
    this.stock.set(sku, available - quantity);
    this.reservations.set(key, { sku, quantity, released: false });
    return { reservationId: key };
  }

  release(reservationKey: string): void {
    const reservation = this.reservations.get(reservationKey);
    if (reservation === undefined) {
      this.reservations.set(reservationKey, { sku: '', quantity: 0, released: true }); // tombstone
      return;
    }
    if (reservation.released) return;
    reservation.released = true;
    this.stock.set(reservation.sku, (this.stock.get(reservation.sku) ?? 0) + reservation.quantity);
  }

  /** Reservations still holding stock. */
  held(): number {
    return [...this.reservations.values()].filter((reservation) => !reservation.released && reservation.quantity > 0).length;
  }
}

export type OrderStatus = 'pending' | 'confirmed' | 'cancelled';

export class OrderService {
  readonly orders = new Map<string, { status: OrderStatus; reason?: string }>();

  create(orderId: string): void {
    if (!this.orders.has(orderId)) this.orders.set(orderId, { status: 'pending' });
  }
  confirm(orderId: string): void {
    const order = this.orders.get(orderId);
    if (order !== undefined && order.status === 'pending') order.status = 'confirmed';
  }
  cancel(orderId: string, reason: string): void {
    const order = this.orders.get(orderId);
    if (order !== undefined && order.status !== 'cancelled') this.orders.set(orderId, { status: 'cancelled', reason });
  }
}

export interface Order {
  readonly orderId: string;
  readonly customer: string;
  readonly sku: string;
  readonly quantity: number;
  readonly amount: number;
}

export interface Shop {
  readonly orders: OrderService;
  readonly payments: PaymentService;
  readonly inventory: InventoryService;
}

/** A shop with ada (100 in her account), bob (5) and 3 widgets in stock. */
export function newShop(): Shop {
  const shop = { orders: new OrderService(), payments: new PaymentService(), inventory: new InventoryService() };
  shop.payments.balances.set('ada', 100).set('bob', 5);
  shop.inventory.stock.set('widget', 3);
  return shop;
}
