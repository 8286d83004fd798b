package rules

import (
	"github.com/iamlint/iamlint/analyzer"
)

// All returns every rule, in a fixed order.
func All() []*analyzer.Rule {
	return []*analyzer.Rule{
		ParseError,
		SuppressionWithoutReason,
		DuplicateKey,
		UnknownElement,
		ElementTypeInvalid,
		VersionMissing,
		VersionInvalid,
		PolicyVariableLegacyVersion,
		MissingElement,
		ConflictingElements,
		EffectInvalid,
		SidDuplicate,
		SidInvalid,
		PrincipalNotAllowed,
		PrincipalInvalid,
		GroupAsPrincipal,
		ServiceUnknown,
		ActionUnknown,
		ArnInvalid,
		ResourceMismatch,
		ConditionOperatorUnknown,
		ConditionKeyUnknown,
		ConditionTypeMismatch,
		ConditionValueInvalid,
		SetOperatorSingleValued,
		PolicyTooLarge,
		WildcardAction,
		ServiceWildcard,
		WildcardResource,
		NotActionAllow,
		NotResourceAllow,
		PassRoleWildcard,
		PrivilegeEscalation,
		DataExfiltration,
		ResourceExposure,
		CredentialsExposure,
		ResourcePolicyPublic,
		TrustPublic,
		TrustCrossAccountNoExternalID,
		TrustOIDCUnrestricted,
		TrustServiceNoSource,
		TrustActionMismatch,
		AssumeAnyRole,
		AdminOnServiceRole,
		InlinePolicy,
		UserAttachedPolicy,
		GroupNoMembers,
		AccessKeyForWorkload,
		InstanceProfileTrustMismatch,
		RoleUnused,
		PrivilegeEscalationPath,
	}
}

// ByID returns the rule with this ID, or nil.
func ByID(id string) *analyzer.Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
