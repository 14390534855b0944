using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>The real kubectl (default validation: it reads /openapi/v3 and sends fieldValidation=Strict).</summary>
public sealed class KubectlTests
{
    private const string ValidBackup = """
        apiVersion: velero.io/v1
        kind: Backup
        metadata:
          name: kubectl-backup
          namespace: velero
        spec:
          includedNamespaces:
          - shop-frontend
          ttl: 24h0m0s
        """;

    [KubectlFact]
    public async Task GetNamespaces_WithGeneratedKubeconfig_ListsDemoNamespaces()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var kubectl = new Kubectl(cluster);

        var (exit, stdout, stderr) = await kubectl.RunAsync("get ns");

        Assert.True(exit == 0, stderr);
        Assert.Contains("shop-payments", stdout);
        Assert.Contains("velero", stdout);
    }

    [KubectlFact]
    public async Task CreateBackup_ValidFileWithDefaultValidation_Succeeds()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile("backup.yaml", ValidBackup);

        var (exit, stdout, stderr) = await kubectl.RunAsync($"create -f {file}");

        Assert.True(exit == 0, stderr);
        Assert.Contains("backup.velero.io/kubectl-backup created", stdout);
        Assert.NotNull(cluster.Store.Get("velero.io/v1", "Backup", "velero", "kubectl-backup"));
    }

    [KubectlFact]
    public async Task CreateBackup_UnknownField_IsRejectedWithClearError()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile("bad.yaml", ValidBackup + "\n  includeNamespace: [typo]\n");

        var (exit, _, stderr) = await kubectl.RunAsync($"create -f {file}");

        Assert.NotEqual(0, exit);
        Assert.Contains("includeNamespace", stderr);
        Assert.Contains("field not declared in schema", stderr);
        Assert.Null(cluster.Store.Get("velero.io/v1", "Backup", "velero", "kubectl-backup"));
    }

    [KubectlFact]
    public async Task CreateBackup_WrongType_IsRejectedAsInvalid()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile("bad.yaml", ValidBackup.Replace("ttl: 24h0m0s", "ttl: 24", StringComparison.Ordinal));

        var (exit, _, stderr) = await kubectl.RunAsync($"create -f {file}");

        Assert.NotEqual(0, exit);
        Assert.Contains("is invalid", stderr);
        Assert.Contains("spec.ttl", stderr);
    }

    [KubectlFact]
    public async Task GetAndDeleteBackups_InVeleroNamespace_WorkWithGroupQualifiedNames()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var kubectl = new Kubectl(cluster);
        var backupName = (string)cluster.Store.List("velero.io/v1", "Backup", "velero")[0]["metadata"]!["name"]!;

        var (getExit, list, getErr) = await kubectl.RunAsync("get backups.velero.io -n velero");
        var (delExit, deleted, delErr) = await kubectl.RunAsync($"delete backup.velero.io/{backupName} -n velero");
        var (_, json, _) = await kubectl.RunAsync("get backups.velero.io -n velero -o json");

        Assert.True(getExit == 0, getErr);
        Assert.Contains(backupName, list);
        Assert.True(delExit == 0, delErr);
        Assert.Contains($"backup.velero.io \"{backupName}\" deleted", deleted);
        Assert.Single(JsonNode.Parse(json)!["items"]!.AsArray());
    }

    [KubectlFact]
    public async Task GetBackupsWatch_NewBackup_ShowsPhaseChangeToCompleted()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 150);
        using var kubectl = new Kubectl(cluster);
        using var watch = kubectl.Start("get backups.velero.io -n velero -w -o custom-columns=NAME:.metadata.name,PHASE:.status.phase --request-timeout=60s");
        var lines = new List<string>();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            // wait until the initial list is printed, then create the backup so the watch sees it move
            while (!lines.Any(l => l.StartsWith("daily-", StringComparison.Ordinal)))
            {
                lines.Add(await watch.StandardOutput.ReadLineAsync(cts.Token) ?? throw new Xunit.Sdk.XunitException("kubectl exited: " + await watch.StandardError.ReadToEndAsync()));
            }
            var file = kubectl.WriteFile("backup.yaml", ValidBackup);
            var (exit, _, stderr) = await kubectl.RunAsync($"create -f {file}");
            Assert.True(exit == 0, stderr);
            while (!lines.Any(l => l.StartsWith("kubectl-backup", StringComparison.Ordinal) && l.Contains("Completed", StringComparison.Ordinal)))
            {
                lines.Add(await watch.StandardOutput.ReadLineAsync(cts.Token) ?? throw new Xunit.Sdk.XunitException("kubectl exited: " + string.Join("\n", lines)));
            }
        }
        finally
        {
            if (!watch.HasExited) watch.Kill(entireProcessTree: true);
        }

        var mine = lines.Where(l => l.StartsWith("kubectl-backup", StringComparison.Ordinal)).ToList();
        Assert.Contains(mine, l => l.Contains("InProgress", StringComparison.Ordinal));
        Assert.Contains(mine, l => l.Contains("Completed", StringComparison.Ordinal));
    }

    [KubectlFact]
    public async Task PatchAndApply_CustomResource_UseMergePatch()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile("backup.yaml", ValidBackup);

        var (applyExit, _, applyErr) = await kubectl.RunAsync($"apply -f {file}");
        var (patchExit, _, patchErr) = await kubectl.RunAsync("patch backup.velero.io/kubectl-backup -n velero --type merge -p {\"spec\":{\"ttl\":\"1h0m0s\"}}");
        var (reapplyExit, _, reapplyErr) = await kubectl.RunAsync($"apply -f {file}");

        Assert.True(applyExit == 0, applyErr);
        Assert.True(patchExit == 0, patchErr);
        Assert.True(reapplyExit == 0, reapplyErr);
        Assert.Equal("24h0m0s", (string?)cluster.Store.Get("velero.io/v1", "Backup", "velero", "kubectl-backup")!["spec"]!["ttl"]);
    }

    [KubectlFact]
    public async Task CreateConfigMapAndDeleteNamespace_BuiltIns_Work()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 100);
        using var kubectl = new Kubectl(cluster);

        var (nsExit, _, nsErr) = await kubectl.RunAsync("create namespace scratch");
        var (cmExit, _, cmErr) = await kubectl.RunAsync("create configmap c1 -n scratch --from-literal=a=b");
        var (delExit, _, delErr) = await kubectl.RunAsync("delete namespace scratch --timeout=20s");

        Assert.True(nsExit == 0, nsErr);
        Assert.True(cmExit == 0, cmErr);
        Assert.True(delExit == 0, delErr);
        Assert.Null(cluster.Store.Get("v1", "Namespace", null, "scratch"));
    }

    [KubectlFact]
    public async Task ApplyList_MixedBuiltInAndCustom_ReadsOpenApiV2AndCreatesBoth()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile("list.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: from-list, namespace: default}
              data: {a: b}
            - apiVersion: velero.io/v1
              kind: Backup
              metadata: {name: from-list, namespace: velero}
              spec: {ttl: 1h0m0s}
            """);

        var (exit, stdout, stderr) = await kubectl.RunAsync($"apply -f {file}");

        Assert.True(exit == 0, stderr);
        Assert.Contains("backup.velero.io/from-list created", stdout);
        Assert.NotNull(cluster.Store.Get("v1", "ConfigMap", "default", "from-list"));
    }

    [KubectlFact]
    public async Task SetImage_Deployment_StrategicPatchKeepsOtherContainerFields()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var kubectl = new Kubectl(cluster);

        var (exit, _, stderr) = await kubectl.RunAsync("set image deployment/storefront storefront=nginx:1.28 -n shop-frontend");

        Assert.True(exit == 0, stderr);
        var container = cluster.Store.Get("apps/v1", "Deployment", "shop-frontend", "storefront")!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.28", (string?)container["image"]);
        Assert.Equal(8080, (int?)container["ports"]![0]!["containerPort"]);
        Assert.DoesNotContain("$setElementOrder", cluster.Store.Get("apps/v1", "Deployment", "shop-frontend", "storefront")!.ToJsonString());
    }
}
