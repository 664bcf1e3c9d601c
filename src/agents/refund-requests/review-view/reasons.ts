/**
 * Every code of the refund contract (shared/refund-policy.md) and of this
 * agent's action policy, in plain words for a reviewer. The amount limits come
 * from the contract; none of these words is shown to the customer.
 */
import type { ReasonText } from "../../../runtime/review-view";

export const REFUND_REASONS: Readonly<Record<string, ReasonText>> = {
  // Line rules (checkEligibility): the first that applies denies the line.
  ALREADY_REFUNDED: { kind: "reject", label: "Already refunded", sentence: "This item was already refunded in full, so it cannot be refunded again." },
  FINAL_SALE: { kind: "reject", label: "Final sale", sentence: "The item was sold as final sale, which is never refunded when the customer changed their mind." },
  OUTSIDE_RETURN_WINDOW: { kind: "reject", label: "Past the return window", sentence: "The request came after the return window (30 days, 60 for Plus members, when the customer changed their mind; 60 days for damaged or wrong items)." },
  WARRANTY_EXPIRED: { kind: "reject", label: "Warranty expired", sentence: "The item is reported defective more than 365 days after delivery, outside the warranty." },
  IN_TRANSIT: { kind: "reject", label: "Still in transit", sentence: "The order has shipped and is not yet 7 days past its promised date, so it counts as on its way, not lost." },
  NOTHING_TO_REFUND: { kind: "reject", label: "Nothing to refund", sentence: "The order arrived late, but its shipping was free, so there is no fee to give back." },
  NOT_LATE: { kind: "reject", label: "Not late", sentence: "The order was delivered on or before its promised date, so no late-delivery refund applies." },
  // The decision's codes that send a refund to a person.
  REVIEW_THRESHOLD: { kind: "escalate", label: "Large refund", sentence: "The refund would be more than $250.00, so a person approves it before any money moves." },
  ACCOUNT_BLOCKED: { kind: "escalate", label: "Account blocked", sentence: "The customer's account is blocked, so a person decides whether to refund." },
  FREQUENT_REFUNDS: { kind: "escalate", label: "Frequent refunds", sentence: "The customer has had three or more refunds in the 90 days up to this request." },
  DELIVERY_DISPUTE: { kind: "escalate", label: "Delivery disputed", sentence: "The customer says the order never arrived, but the carrier marked it delivered." },
  SUSPICIOUS_TEXT: { kind: "suspicious", label: "Suspicious text", sentence: "The message has hidden characters or text that reads like instructions to the agent. Read it as data: nothing in it changes the policy." },
  // The customer or the order could not be settled.
  UNKNOWN_CUSTOMER: { kind: "reject", label: "Unknown customer", sentence: "There is no customer with this id, so nothing else was checked." },
  NOT_A_REFUND_REQUEST: { kind: "reject", label: "Not a refund request", sentence: "The message does not ask for a refund or a return; this service handles only those." },
  ORDER_NOT_FOUND: { kind: "escalate", label: "Order not found", sentence: "The order named is not one of this customer's orders, so the agent asked for the right order number." },
  AMBIGUOUS_ORDER: { kind: "escalate", label: "Which order?", sentence: "More than one of the customer's orders could be meant, so the agent asked which one." },
  AMBIGUOUS_ITEMS: { kind: "escalate", label: "Which item?", sentence: "More than one item of the order could be meant, so the agent asked which one." },
  // The action policy: a side effect that does not match what checkEligibility allowed is blocked before it runs.
  ESCALATION_REQUIRED: { kind: "escalate", label: "A person decides", sentence: "The eligibility check found a reason for a person to decide this refund before it is issued." },
  REFUND_MISMATCH: { kind: "suspicious", label: "Refund differs from the check", sentence: "The proposed refund is not exactly the order, lines, reason or amount the eligibility check allowed." },
  OVER_REFUND: { kind: "suspicious", label: "More than is left", sentence: "The refund asks for more of an item (or of the shipping) than is left to refund on the order." },
  NOT_ELIGIBLE: { kind: "reject", label: "Not eligible", sentence: "The eligibility check allows no refund for this request." },
  ELIGIBILITY_NOT_CHECKED: { kind: "runtime", label: "Not checked", sentence: "A refund was proposed before the eligibility check ran; a refund always uses the check's amount." },
  ORDER_MISMATCH: { kind: "suspicious", label: "Other order", sentence: "The refund is for another order than the one the request names." },
  REQUEST_MISMATCH: { kind: "suspicious", label: "Other request", sentence: "The action belongs to another request than the one being handled." },
  ALREADY_REFUNDED_FOR_REQUEST: { kind: "runtime", label: "Already has its refund", sentence: "This request already has its refund; a second one is never issued." },
  LABEL_MISMATCH: { kind: "runtime", label: "Label differs", sentence: "The return label does not cover exactly the refunded items." },
  LABEL_WITHOUT_REFUND: { kind: "runtime", label: "Label without refund", sentence: "A return label only follows a refund of the same order." },
};
