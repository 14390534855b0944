using System.Text.Json.Nodes;
using Portal.Domain.Requests;
using Portal.Moves.Preflight;

namespace Portal.Moves.Tests.Preflight;

/// <summary>The class checks of a restore to another cluster: the moves' storage and ingress class rules, after the
/// requester's mappings, from what the backup's claims and Ingresses use.</summary>
public sealed class RestoreClassPreflightTests
{
    private static readonly IReadOnlyList<JsonObject> Objects =
    [
        JsonNode.Parse("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"shop"},"spec":{"storageClassName":"fast-ssd"}}""")!.AsObject(),
        JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop"},"spec":{"volumeClaimTemplates":[{"metadata":{"name":"pg"},"spec":{}}]}}""")!.AsObject(),
        JsonNode.Parse("""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop"},"spec":{"ingressClassName":"alb"}}""")!.AsObject(),
    ];

    private static RestoreClasses Classes(Dictionary<string, string>? storage = null, Dictionary<string, string>? ingress = null)
    {
        var (claims, ingresses) = RestoreClassPreflight.ClassesUsed(Objects);
        return new RestoreClasses(claims, ingresses, storage ?? [], ingress ?? []);
    }

    [Fact]
    public void ClassesUsed_ClaimsTemplatesAndIngresses_WithTheirClasses()
    {
        var (claims, ingresses) = RestoreClassPreflight.ClassesUsed(Objects);

        Assert.Contains(new ClaimClassUse("PersistentVolumeClaim \"shop/data\"", "data", "fast-ssd"), claims);
        Assert.Contains(claims, c => c.Claim == "pg" && c.StorageClass is null);
        Assert.Equal([new IngressClassUse("web", "alb")], ingresses);
    }

    [Fact]
    public void Run_UnmappedClasses_ErrorsInTheMovesWords()
    {
        var report = RestoreClassPreflight.Run(Classes(), Targets.Ready(), Targets.SourceClasses);

        Assert.Equal(2, report.Errors.Count);
        Assert.Contains(report.Errors, e => e.Message.StartsWith("The storage class \"fast-ssd\" (claims \"data\") does not exist on the target. Add a storage class mapping.", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Message.Contains("asks for the ingress class \"alb\", which the target does not have", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_Mapped_NoFindings_AndAMappingToAMissingClassIsAnError()
    {
        Assert.Empty(RestoreClassPreflight.Run(Classes(new() { ["fast-ssd"] = "premium-rwo" }, new() { ["alb"] = "nginx" }), Targets.Ready(), Targets.SourceClasses).Findings);

        var wrong = RestoreClassPreflight.Run(Classes(new() { ["fast-ssd"] = "gold" }, new() { ["alb"] = "nginx" }), Targets.Ready(), Targets.SourceClasses);
        Assert.Contains(wrong.Errors, e => e.Message.StartsWith("The storage class \"gold\"", StringComparison.Ordinal));
    }
}
