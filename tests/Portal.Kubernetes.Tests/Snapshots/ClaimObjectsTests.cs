using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Snapshots;
using Portal.TestSupport;

namespace Portal.Kubernetes.Tests.Snapshots;

/// <summary>The claims a restore from a snapshot writes validate against the real Kubernetes OpenAPI.</summary>
public sealed class ClaimObjectsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["kubernetes-portal.io/request-id"] = Guid.NewGuid().ToString() };

    [CrdsFact]
    public void Claim_FromSnapshot_IsValidWithTheSnapshotAsDataSource()
    {
        var claim = ClaimObjects.Claim(new ClaimFromSnapshotSpec("reports", "report-archive", "gp3", ["ReadWriteOnce"], "50Gi", "archive-before", Labels));
        Assert.Empty(RealSchemas.Validate(claim));
        Assert.Equal("snapshot.storage.k8s.io", claim["spec"]!["dataSource"]!["apiGroup"]!.GetValue<string>());
        Assert.Equal("VolumeSnapshot", claim["spec"]!["dataSource"]!["kind"]!.GetValue<string>());
        Assert.Null(claim["spec"]!["volumeName"]);
    }

    [CrdsFact]
    public void Claim_PutBackOnTheRetainedVolume_IsValidWithoutDataSource()
    {
        var claim = ClaimObjects.Claim(new ClaimFromSnapshotSpec("reports", "report-archive", null, ["ReadWriteOnce", "ReadOnlyMany"], "50Gi", null, Labels, "pvc-123"));
        Assert.Empty(RealSchemas.Validate(claim));
        Assert.Null(claim["spec"]!["dataSource"]);
        Assert.Equal("pvc-123", claim["spec"]!["volumeName"]!.GetValue<string>());
    }
}
