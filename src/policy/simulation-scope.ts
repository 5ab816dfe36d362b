// What iam:SimulatePrincipalPolicy weighs and what it leaves out, as AWS documents it, for the evidence.
//
// Sources (AWS documentation):
// - https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html: a user's
//   simulation includes all policies attached to the user and to its groups; "evaluates statements in
//   identity-based policies, service control policies (SCPs) including their condition keys and
//   resource scoping, and the inputs that you provide"; the results "can differ from your live AWS
//   environment"; resource policies are not retrieved, only one passed as `ResourcePolicy` is
//   simulated; a permissions boundary passed in replaces the one attached; RCPs "are not supported".
// - https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html:
//   `PermissionsBoundaryDecisionDetail`, and `OrganizationsDecisionDetail` "only applies if the
//   simulated user's account is part of an organization".
// - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html: tests
//   identity-based policies and permissions boundaries; SCPs when the account is in an organization.

export interface SimulationScope {
  readonly includes: readonly string[]
  readonly leavesOut: readonly string[]
  readonly caveat: string
}

export const SIMULATION_SCOPE: SimulationScope = Object.freeze({
  includes: Object.freeze([
    "the user's own policies, inline and managed",
    "the policies of the user's groups",
    "the user's permissions boundary",
    "the organization's service control policies (SCPs), when the account belongs to one"
  ]),
  leavesOut: Object.freeze([
    'resource control policies (RCPs)',
    'resource-based policies (the action passes none)',
    'session policies (an IAM user signing in to the console has none)',
    'values for context keys other than the MFA ones (a result that depends on one is not taken as proof)'
  ]),
  caveat:
    'AWS runs the simulation with its own policy evaluation, and notes that results can differ from live requests.'
})
