/**
 * The reply text: greets the customer by first name, names the order when one
 * was identified, says plainly what happens. Amounts only as the exact `$X.YY`
 * copied from the eligibility result; never an internal code; at most 1,200
 * characters (the output guardrail's limits).
 */
export type Decision = "refund" | "deny" | "escalate" | "needs_info" | "out_of_scope";

export interface ReplyFacts {
  decision: Decision;
  firstName: string | null;
  orderId: string | null;
  codes: string[];
  refundCents: number;
  returnLabel: boolean;
  /** The refund went through but the return label could not be created yet. */
  labelPending?: boolean;
  /** Names of the lines concerned, with quantities. */
  items: { name: string; quantity: number }[];
  unknownCustomer?: boolean;
  /** A person has decided an escalated request: the reply says so. */
  reviewed?: boolean;
}

export const MAX_REPLY_CHARS = 1_200;

export const dollars = (cents: number) => `$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

const DENIAL_WORDS: Record<string, string> = {
  OUTSIDE_RETURN_WINDOW: "your request reached us after the return window for this item had closed",
  FINAL_SALE: "the item was sold as final sale, so it cannot be returned because it did not suit or fit",
  WARRANTY_EXPIRED: "the item is past its one-year warranty",
  ALREADY_REFUNDED: "this item has already been refunded",
  IN_TRANSIT: "your parcel is still on its way; if it has not arrived a week after the promised delivery date, please write to us again",
  NOT_LATE: "our records show the order was delivered by the promised date",
  NOTHING_TO_REFUND: "the order had free shipping, so there is no shipping fee to refund",
};

function itemsPhrase(items: ReplyFacts["items"]): string {
  if (items.length === 0) return "";
  return items.map((i) => (i.quantity > 1 ? `${i.quantity} x ${i.name}` : i.name)).join(", ");
}

export function writeReply(f: ReplyFacts): string {
  const greeting = f.firstName ? `Hi ${f.firstName},` : "Hello,";
  const order = f.orderId ? `order ${f.orderId}` : "your order";
  const items = itemsPhrase(f.items);
  let body: string;
  if (f.unknownCustomer) {
    body = "we could not find an account with the details in your message. Please write to us from the email address on your account, or include your customer number, and we will look into it.";
  } else if (f.decision === "refund") {
    const what = items ? ` for ${items}` : "";
    body = `${f.reviewed ? "a member of our team has reviewed your request and " : ""}we have refunded ${dollars(f.refundCents)}${what} from ${order}. ` +
      (f.returnLabel
        ? "A prepaid return label has been emailed to you; please use it to send the items back."
        : f.labelPending
          ? "A prepaid return label will follow in a separate email; please use it to send the items back."
          : "You do not need to send anything back.") +
      " The money should reach your original payment method within a few business days.";
  } else if (f.decision === "deny") {
    const why = [...new Set(f.codes.map((c) => DENIAL_WORDS[c]).filter((w): w is string => w !== undefined))];
    const reviewed = f.reviewed ? "A member of our team has reviewed your request. " : "";
    body = `thank you for writing to us about ${order}. ${reviewed}We are sorry, but we cannot offer a refund this time: ${why.length > 0 ? why.join("; ") : "the request does not qualify under our returns policy"}.`;
  } else if (f.decision === "escalate") {
    body = `thank you for your message about ${order}. A member of our team will look at your request within one business day and get back to you.`;
  } else if (f.decision === "needs_info") {
    if (f.codes.includes("ORDER_NOT_FOUND")) {
      body = "we could not find the order number you gave on your account. Could you check it and send us the order number again? It starts with N- and is in your order confirmation email.";
    } else if (f.codes.includes("AMBIGUOUS_ITEMS")) {
      body = `thank you for writing to us about ${order}. Could you tell us which item or items your request is about, and how many?`;
    } else {
      body = "thank you for your message. We could not tell which order you mean: could you send us the order number? It starts with N- and is in your order confirmation email.";
    }
  } else {
    body = "thank you for your message. This service handles refunds and returns for Northwind Outfitters orders. For anything else, please contact our customer service team through the Help page on our website, and they will be glad to help.";
  }
  const text = `${greeting}\n\n${body.charAt(0).toUpperCase()}${body.slice(1)}\n\nBest regards,\nNorthwind Outfitters customer care`;
  return text.length > MAX_REPLY_CHARS ? `${text.slice(0, MAX_REPLY_CHARS - 3)}...` : text;
}
