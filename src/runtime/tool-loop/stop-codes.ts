/** Typed reasons a tool-calling loop stops on its own limits (each is also the error code). */
export const TOOL_LOOP_STOP_CODES = ["TURN_LIMIT", "NO_PROGRESS", "INVALID_TOOL_CALLS"] as const;
export type ToolLoopStopCode = (typeof TOOL_LOOP_STOP_CODES)[number];
