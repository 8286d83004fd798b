package catalog

// globalKey is a row of the global condition key table.
type globalKey struct {
	name  string
	typ   KeyType
	multi bool
}

// globalKeys completes the source's global keys from AWS's "AWS global
// condition context keys" reference (IAM User Guide,
// reference_policies_condition-keys), spelled exactly as that page spells
// them. Tag keys use the service reference's ${TagKey} form. The table wins
// over the source for single- versus multi-valued, and for the policy
// variable flag: AWS allows any single-valued key as a policy variable
// (${aws:username}, ${aws:PrincipalTag/team}) and no multi-valued one.
//
// Keys here that are not aws: keys are AWS's cross-service keys: set by one
// service, visible to all.
var globalKeys = []globalKey{
	// Properties of the principal.
	{"aws:PrincipalArn", ARN, false},
	{"aws:PrincipalAccount", String, false},
	{"aws:PrincipalOrgID", String, false},
	{"aws:PrincipalOrgPaths", String, true},
	{"aws:PrincipalTag/${TagKey}", String, false},
	{"aws:PrincipalIsAWSService", Bool, false},
	{"aws:PrincipalServiceName", String, false},
	{"aws:PrincipalServiceNamesList", String, true},
	{"aws:PrincipalType", String, false},
	{"aws:userid", String, false},
	{"aws:username", String, false},
	{"aws:AssumedRoot", Bool, false},

	// Properties of a role session.
	{"aws:FederatedProvider", String, false},
	{"aws:TokenIssueTime", Date, false},
	{"aws:MultiFactorAuthAge", Numeric, false},
	{"aws:MultiFactorAuthPresent", Bool, false},
	{"aws:ChatbotSourceArn", ARN, false},
	{"aws:Ec2InstanceSourceVpc", String, false},
	{"aws:Ec2InstanceSourcePrivateIPv4", IPAddress, false},
	{"aws:SourceIdentity", String, false},
	{"ec2:RoleDelivery", Numeric, false},
	{"ec2:SourceInstanceArn", ARN, false},
	{"glue:RoleAssumedBy", String, false},
	{"glue:CredentialIssuingService", String, false},
	{"lambda:SourceFunctionArn", ARN, false},
	{"ssm:SourceInstanceArn", ARN, false},
	{"identitystore:UserId", String, false},

	// Properties of the network.
	{"aws:SourceIp", IPAddress, false},
	{"aws:SourceVpc", String, false},
	{"aws:SourceVpcArn", String, false}, // the source says String; compare with ARN operators too
	{"aws:SourceVpce", String, false},
	{"aws:VpceAccount", String, false},
	{"aws:VpceOrgID", String, false},
	{"aws:VpceOrgPaths", String, true},
	{"aws:VpcSourceIp", IPAddress, false},

	// Properties of the resource.
	{"aws:ResourceAccount", String, false},
	{"aws:ResourceOrgID", String, false},
	{"aws:ResourceOrgPaths", String, true},
	{"aws:ResourceTag/${TagKey}", String, false},

	// Properties of the request.
	{"aws:CalledVia", String, true},
	{"aws:CalledViaFirst", String, false},
	{"aws:CalledViaLast", String, false},
	{"aws:CalledViaAWSMCP", String, false},
	{"aws:ViaAWSService", Bool, false},
	{"aws:ViaAWSMCPService", Bool, false},
	{"aws:IsMcpServiceAction", Bool, false},
	{"aws:CurrentTime", Date, false},
	{"aws:EpochTime", Date, false}, // AWS: Date or Numeric
	{"aws:referer", String, false}, // AWS spells it lowercase
	{"aws:RequestedRegion", String, false},
	{"aws:RequestTag/${TagKey}", String, false},
	{"aws:TagKeys", String, true},
	{"aws:SecureTransport", Bool, false},
	{"aws:SourceArn", ARN, false},
	{"aws:SourceAccount", String, false},
	{"aws:SourceOwner", String, false},
	{"aws:SourceOrgID", String, false},
	{"aws:SourceOrgPaths", String, true},
	{"aws:UserAgent", String, false},
}
