using Portal.Domain.Moves;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

public class NamespaceLabelsTests
{
    [Fact]
    public void Carry_KeepsTheApplicationsLabels_DropsTheClustersAndTools_RenamesTheNamespace()
    {
        var source = new Dictionary<string, string>
        {
            ["team"] = "payments",
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["kubernetes.io/metadata.name"] = "shop",
            ["velero.io/restore-name"] = "r1",
            ["kubernetes-portal.io/migration-application"] = "abc",
            ["app.kubernetes.io/managed-by"] = "kubernetes-portal",
            ["istio.io/rev"] = "stable",
            ["network-zone"] = "shop",
        };
        var mappings = MigrationMappings.None with { Namespaces = new Dictionary<string, string> { ["shop"] = "shop-dr" } };

        var carried = NamespaceLabels.Carry(source, mappings);

        Assert.Equal(new Dictionary<string, string>
        {
            ["istio.io/rev"] = "stable",
            ["network-zone"] = "shop-dr",
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["team"] = "payments",
        }, carried);
    }
}
