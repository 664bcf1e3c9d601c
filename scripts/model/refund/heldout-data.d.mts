// Types for the test that scores the shipped weights on this set (test/agents/refund-model.test.ts).
import type { PolicyState } from "../../../src/agents/refund-requests/model/policy-state";

export interface TextExample { text: string; label: string; group: string }
export interface PolicyExample { state: PolicyState; label: string; group: string }
export function generateHeldOutReasonExamples(): TextExample[];
export function generateHeldOutInjectionExamples(): TextExample[];
export function generateHeldOutPolicyExamples(): PolicyExample[];
