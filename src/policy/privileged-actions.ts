// The privileged actions judged for MFA enforcement when `simulate-privileged-actions` is empty.

/** Creating identities and keys, granting permissions, assuming roles, leaving the organisation, deleting data. */
export const DEFAULT_PRIVILEGED_ACTIONS: readonly string[] = [
  'iam:CreateUser',
  'iam:AttachUserPolicy',
  'iam:CreateAccessKey',
  'sts:AssumeRole',
  'organizations:LeaveOrganization',
  's3:DeleteBucket'
]

/** The actions to judge: the ones the workflow simulates, else the default list. */
export const privilegedActions = (simulated: readonly string[]): readonly string[] =>
  simulated.length > 0 ? simulated : DEFAULT_PRIVILEGED_ACTIONS
