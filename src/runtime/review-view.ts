/**
 * How an agent shows its own review items in the dashboard. Optional: an agent
 * without one gets the dashboard's generic view (input, proposal and steps in
 * neutral words). The agent owns its words; the dashboard owns the page, the
 * reasons list, the decision form and the timeline. Types only, so the runtime
 * never loads dashboard code.
 */
import type { Child } from "hono/jsx";

/** A code in plain words: a short label for badges and filters, one sentence for a reviewer. */
export interface ReasonText {
  label: string;
  sentence: string;
  kind: "reject" | "cap" | "escalate" | "suspicious" | "runtime";
}

/** What the run's object knows, read by the dashboard. */
export interface ReviewViewSources {
  env: Env;
  tenantId: string;
  input: unknown;
  proposal: unknown;
  /** Completed steps' outputs by step name. */
  outputs: Readonly<Record<string, unknown>>;
  /** Codes the page already explains (the review item's reasons). */
  reasons: readonly string[];
}

/** One row of the per-item amend table. */
export interface AmendableItem {
  index: number;
  /** What the reviewer recognises the item by (untrusted text; the page escapes it). */
  label: string;
  /** The agent's verdict for the item. */
  verdict: string;
  /** The most a reviewer may approve, and what a blank amount means. */
  approvedCents: number;
  /** Set when the item can only stay rejected, with the reason. */
  locked?: string | undefined;
}

export interface AgentReviewPage {
  /** Page heading, e.g. "Report R-2026-0042" (escaped by the page). */
  title?: string | undefined;
  /** After the heading, e.g. a person's name. */
  subtitle?: string | undefined;
  /** A warning above the reasons (e.g. suspicious text). */
  alert?: Child;
  /** The agent's sections, in order. */
  sections: { heading: string; body: Child }[];
  /** The decision form's words for each choice; `amend` only when items can be amended. */
  choices: { approve: string; reject: string; amend?: string | undefined };
  /** Under the submit button. */
  finalNote?: string | undefined;
  /** Facts shown beside a decision (e.g. payments scheduled). */
  facts?: { label: string; value: Child }[];
}

/** A review item's display fields (the agent's reviewSubject), or a run's input fields. */
export type DisplayValues = Readonly<Record<string, unknown>>;

/** How a value is shown: as text (escaped, hidden characters visible), integer cents as money, or a count. */
export type DisplayFormat = "text" | "cents" | "count";

/**
 * One column of a shared list (the queue, the runs list), in the agent's
 * words. The dashboard renders it; the agent only names the field and format.
 */
export interface DisplayColumn {
  label: string;
  field: string;
  format: DisplayFormat;
  /** After a count, e.g. "item(s)". */
  unit?: string | undefined;
  /** Shown when the field is absent but its detail is there (e.g. "not in directory"). */
  missing?: string | undefined;
  /** A smaller second line from another field (e.g. the employee id under the name). */
  detail?: { field: string; format: DisplayFormat; unit?: string | undefined } | undefined;
  /** Runs list only: the search box matches this input field exactly. */
  searchable?: boolean | undefined;
}

export interface AgentReviewView {
  /** Plain words for the agent's own codes. */
  reasons?: Readonly<Record<string, ReasonText>>;
  /** The review queue's columns, read from each item's subject (after `lookupSubjects`). */
  queueColumns?: readonly DisplayColumn[];
  /** The runs list's columns, read from each run's input. */
  runColumns?: readonly DisplayColumn[];
  /**
   * Values looked up when the queue renders (e.g. a person's name from a
   * directory, which may change after the item was written), merged into each
   * subject; the same order as `subjects`.
   */
  lookupSubjects?(src: {
    env: Env;
    tenantId: string;
    subjects: readonly DisplayValues[];
    /** Each item's proposal, same order (e.g. the amount a paused call would pay, which the subject cannot know when it is written). */
    proposals?: readonly unknown[];
  }): Promise<DisplayValues[]>;
  /** The item page's agent-specific parts; null falls back to the generic view. */
  page(src: ReviewViewSources): Promise<AgentReviewPage | null>;
  /** Items a reviewer may decide one by one (Amend); null when the proposal has none. */
  amendable?(proposal: unknown, input: unknown): AmendableItem[] | null;
  /** Facts for the run page (e.g. payments scheduled). */
  runFacts?(src: ReviewViewSources): Promise<{ label: string; value: Child }[]>;
}
