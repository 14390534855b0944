using Portal.Domain.Moves;
using Portal.Moves.Playbooks;

namespace Portal.Moves.Preflight.Rules;

/// <summary>The PVC copy of export/transform/apply sends the data with rsync to a receiver behind a Service of type
/// LoadBalancer on the target: without a LoadBalancer implementation there, the copy waits for an address with the
/// source stopped. The portal can only see signs of one, so no sign is a warning, not an error.</summary>
internal static class LoadBalancerRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        if (c.Playbook != MigrationPlaybook.ExportTransformApply || !c.Claims().Any() || c.Target.LoadBalancerEvidence.Count > 0) yield break;
        yield return new(PreflightRules.LoadBalancer, PreflightSeverity.Warning,
            "The claims are copied with rsync to a receiver behind a Service of type LoadBalancer on the target, reachable from the source. " +
            "The portal saw no sign of a LoadBalancer implementation on the target (no LoadBalancer Service with an address, no MetalLB or Cilium address pools); " +
            "a cloud provider's load balancer shows no sign until a Service uses it. Without one, the copy waits with the source stopped and fails after 10 minutes. " +
            "Acknowledge if the target provides LoadBalancers, or move by a Velero playbook.");
    }
}
