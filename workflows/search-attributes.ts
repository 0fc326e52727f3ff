import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * The search attributes that make the Temporal UI an operator work queue. They are registered with the
 * server by temporal-dev.yml (`--search-attribute`); test/temporal-dev-yml.test.ts keeps the two equal.
 */
export const AccountId = defineSearchAttributeKey('AccountId', 'KEYWORD');
export const CaseKind = defineSearchAttributeKey('CaseKind', 'KEYWORD');
export const CaseRef = defineSearchAttributeKey('CaseRef', 'KEYWORD');
export const CaseStage = defineSearchAttributeKey('CaseStage', 'KEYWORD');
export const DeadlineAt = defineSearchAttributeKey('DeadlineAt', 'DATETIME');

export const ALL_SEARCH_ATTRIBUTES = [AccountId, CaseKind, CaseRef, CaseStage, DeadlineAt];
