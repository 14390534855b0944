using System.Text.RegularExpressions;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Domain;

/// <summary>The API versions of the tools the portal drives are written once, in <c>ClusterApis</c>: a new version of
/// Velero's, CloudNativePG's, Argo CD's, Flux's or the CSI snapshot API is changed there and nowhere else. Label keys
/// of those tools (<c>velero.io/restore-name</c>) are not API versions and may stand where they are used.</summary>
public partial class ClusterApisTests
{
    /// <summary>Files that may spell an API version out: the one file, the simulator (it is the other side of the API),
    /// and the table of removed APIs, which lists versions of the past on purpose.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "Portal.Domain/Common/ClusterApis.cs",
        "Portal.Moves/Preflight/RemovedApis.cs",
    };

    [Fact]
    public void Source_ToolApiVersions_AreWrittenOnlyInClusterApis()
    {
        var spelled = SourceTree.Files()
            .Where(f => !Allowed.Contains(f.Path) && !f.Path.StartsWith("Portal.ClusterSimulator/", StringComparison.Ordinal))
            .SelectMany(f => ApiVersionLiteral().Matches(SourceTree.Code(f.Text)).Select(m => $"{f.Path}: {m.Value}"))
            .ToList();

        Assert.True(spelled.Count == 0, "Use ClusterApis instead of spelling these API versions out: " + string.Join("; ", spelled));
    }

    [Fact]
    public void ApiVersionLiteral_FindsVersionsButNotLabelKeys()
    {
        Assert.Matches(ApiVersionLiteral(), "const string X = \"postgresql.cnpg.io/v1\";");
        Assert.Matches(ApiVersionLiteral(), "ApiVersion == \"argoproj.io/v1alpha1\"");
        Assert.DoesNotMatch(ApiVersionLiteral(), "\"velero.io/restore-name\"");
        Assert.DoesNotMatch(ApiVersionLiteral(), "\"kustomize.toolkit.fluxcd.io/name\"");
        Assert.DoesNotMatch(ApiVersionLiteral(), "[\"velero.io/\", PortalLabels.Prefix]");
    }

    [GeneratedRegex(@"""(velero\.io|postgresql\.cnpg\.io|argoproj\.io|kustomize\.toolkit\.fluxcd\.io|source\.toolkit\.fluxcd\.io|snapshot\.storage\.k8s\.io|groupsnapshot\.storage\.k8s\.io)/v\d[a-z0-9]*""")]
    private static partial Regex ApiVersionLiteral();
}
