package main

import (
	"fmt"
	"slices"
	"strings"
)

// fixup corrects what the source gets wrong, in ways its own data shows.
// Each correction says why; all are checked by the catalog's tests.
func fixup(src *source) error {
	for _, f := range []func(*source) error{fixELBv2, fixAPIGatewayV2, fixMarketplaceTagging, fixCodeConnections} {
		if err := f(src); err != nil {
			return err
		}
	}
	return nil
}

func findService(src *source, prefix string) *service {
	for _, s := range src.Services {
		if s.Prefix == prefix {
			return s
		}
	}
	return nil
}

// fixELBv2: AWS documents Elastic Load Balancing on two pages with one
// prefix, elasticloadbalancing: the Classic Load Balancer (v1) and
// Application, Network and Gateway Load Balancers (v2). The source merges
// them by action name, so an action both define keeps only the v1 entry:
// AddTags lists only the classic loadbalancer, though on the v2 page it
// tags listeners, rules, v2 load balancers, target groups and trust
// stores. Give those actions their v2 resource types back.
func fixELBv2(src *source) error {
	s := findService(src, "elasticloadbalancing")
	if s == nil {
		return fmt.Errorf("fixup: no service elasticloadbalancing")
	}
	v2LoadBalancers := []string{"loadbalancer/app/", "loadbalancer/gwy/", "loadbalancer/net/"}
	tagged := append([]string{"listener-rule/app", "listener-rule/net", "listener/app", "listener/gwy", "listener/net"},
		append(v2LoadBalancers, "targetgroup", "truststore")...)
	both := map[string][]string{
		"AddTags": tagged, "RemoveTags": tagged,
		"CreateLoadBalancer": v2LoadBalancers, "DeleteLoadBalancer": v2LoadBalancers,
		"ModifyLoadBalancerAttributes": v2LoadBalancers,
	}
	for i := range s.Actions {
		a := &s.Actions[i]
		add, ok := both[a.Name]
		if !ok {
			continue
		}
		if len(a.Resources) != 1 || a.Resources[0].Name != "loadbalancer" {
			continue // the source has it right now
		}
		for _, name := range add {
			if !slices.ContainsFunc(s.ResourceTypes, func(rt resourceType) bool { return rt.Name == name }) {
				return fmt.Errorf("fixup: elasticloadbalancing has no resource type %s", name)
			}
			a.Resources = append(a.Resources, actionResource{Name: name})
		}
	}
	return nil
}

// fixAPIGatewayV2: Amazon API Gateway is documented on two pages with one
// prefix, apigateway: Management (REST APIs) and Management V2 (HTTP and
// WebSocket APIs). Its actions are the HTTP verbs, on both pages; the
// source merges them by name and keeps the first page's resource types,
// so apigateway:GET lacks /apis/... and every other V2 type. Let the verbs
// act on every apigateway resource type: each page lists nearly all of its
// types for each verb.
func fixAPIGatewayV2(src *source) error {
	s := findService(src, "apigateway")
	if s == nil {
		return fmt.Errorf("fixup: no service apigateway")
	}
	n := 0
	for i := range s.Actions {
		a := &s.Actions[i]
		switch a.Name {
		case "DELETE", "GET", "PATCH", "POST", "PUT":
		default:
			continue
		}
		n++
		for _, rt := range s.ResourceTypes {
			if !slices.ContainsFunc(a.Resources, func(r actionResource) bool { return r.Name == rt.Name }) {
				a.Resources = append(a.Resources, actionResource{Name: rt.Name})
			}
		}
	}
	if n != 5 {
		return fmt.Errorf("fixup: apigateway has %d of the 5 HTTP verb actions", n)
	}
	return nil
}

// fixMarketplaceTagging: AWS Marketplace is documented on several pages
// with one prefix, aws-marketplace (Catalog API, Deployment Service,
// Procurement, Reporting ...), and each has TagResource, UntagResource and
// ListTagsForResource. The source merges them by name and keeps one page's
// resource types: aws-marketplace:TagResource lists only
// DeploymentParameter, though the Catalog API tags entities and change
// sets. Let the three act on every aws-marketplace resource type.
func fixMarketplaceTagging(src *source) error {
	s := findService(src, "aws-marketplace")
	if s == nil {
		return fmt.Errorf("fixup: no service aws-marketplace")
	}
	n := 0
	for i := range s.Actions {
		a := &s.Actions[i]
		switch a.Name {
		case "TagResource", "UntagResource", "ListTagsForResource":
		default:
			continue
		}
		n++
		for _, rt := range s.ResourceTypes {
			if !slices.ContainsFunc(a.Resources, func(r actionResource) bool { return strings.EqualFold(r.Name, rt.Name) }) {
				a.Resources = append(a.Resources, actionResource{Name: rt.Name})
			}
		}
	}
	if n != 3 {
		return fmt.Errorf("fixup: aws-marketplace has %d of its 3 tagging actions", n)
	}
	return nil
}

// fixCodeConnections: AWS CodeStar Connections was renamed AWS
// CodeConnections (prefix codeconnections) in 2024; both prefixes take
// both ARN forms, arn:aws:codestar-connections:... and
// arn:aws:codeconnections:..., for the same connection. Give each service's
// resource types the other's ARN as an alternative.
func fixCodeConnections(src *source) error {
	for _, pair := range [][2]string{{"codeconnections", "codestar-connections"}, {"codestar-connections", "codeconnections"}} {
		s := findService(src, pair[0])
		if s == nil {
			return fmt.Errorf("fixup: no service %s", pair[0])
		}
		for i := range s.ResourceTypes {
			rt := &s.ResourceTypes[i]
			from := ":" + pair[0] + ":"
			if strings.Contains(rt.ARN, from) && !strings.Contains(rt.ARN, ", ") {
				rt.ARN += ", " + strings.Replace(rt.ARN, from, ":"+pair[1]+":", 1)
			}
		}
	}
	return nil
}
