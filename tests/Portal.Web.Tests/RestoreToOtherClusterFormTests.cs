using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Moves.Preflight;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The restore form's target cluster, class mapping and GitOps parts.</summary>
public sealed class RestoreToOtherClusterFormTests : PortalTestContext
{
    private static readonly BackupLocationFact Bucket = new("default", "aws", "velero-prod-east", "backups", "Available");

    private async Task<Guid> AddDrClusterAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var protector = Services.GetRequiredService<ICredentialProtector>();
        var dr = new Cluster("dr-west", "https://fake-dr:6443", protector.Protect("kubeconfig"), ClusterAuthKind.BearerToken, "test", DateTimeOffset.UtcNow);
        dr.RecordHealth(ClusterHealth.Reachable, null, "v1.30.0", DateTimeOffset.UtcNow);
        db.Clusters.Add(dr);
        await db.SaveChangesAsync();
        Targets.Facts["prod-east"] = new TargetClusterFacts
        {
            BackupLocations = [Bucket], StorageClasses = [new("fast-ssd", "ebs.csi.aws.com")], IngressClasses = [new("alb")],
        };
        Targets.Objects.Add(("prod-east", "PersistentVolumeClaim", Json("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"shop"},"spec":{"storageClassName":"fast-ssd"}}""")));
        Targets.Objects.Add(("prod-east", "Ingress", Json("""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop"},"spec":{"ingressClassName":"alb"}}""")));
        return dr.Id;
    }

    private void DrSees(bool sees) => Targets.Facts["dr-west"] = new TargetClusterFacts
    {
        BackupLocations = sees ? [Bucket with { Name = "prod-east", AccessMode = "ReadOnly" }] : [],
        StorageClasses = [new("standard", "ebs.csi.aws.com", true), new("premium-ssd", "ebs.csi.aws.com")],
        IngressClasses = [new("nginx", IsDefault: true)],
    };

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private IRenderedComponent<NewRestore> RenderForm()
    {
        Services.GetRequiredService<BunitNavigationManager>().NavigateTo($"/namespaces/{ShopNamespaceId}/restore?backup=daily-20261120");
        var cut = Render<NewRestore>(p => p.Add(x => x.Id, ShopNamespaceId));
        cut.WaitForElement("[data-testid=submit-restore]");
        return cut;
    }

    [Fact]
    public async Task OtherCluster_SeeingTheLocation_IsOffered_ClassesMapped_AndTheRequestLivesThere()
    {
        var drId = await AddDrClusterAsync();
        DrSees(true);
        var cut = RenderForm();

        cut.WaitForAssertion(() => Assert.Contains(cut.Instance.Clusters, c => c is { Name: "dr-west", Location: "prod-east", Problem: null }));
        await cut.InvokeAsync(() => cut.Instance.OnClusterChangedAsync(drId));
        cut.Render();
        cut.WaitForElement("[data-testid=class-mapping]");
        Assert.Empty(cut.FindAll("[data-testid=target-same]")); // "into itself" is this cluster's
        Assert.Contains("dr-west has no class fast-ssd: choose one", cut.Markup);
        Assert.Contains("dr-west has no class alb: choose one", cut.Markup);
        cut.Instance.StorageMap["fast-ssd"] = "premium-ssd";
        cut.Instance.IngressMap["alb"] = "nginx";
        cut.Find("[data-testid=target-namespace] input, input[data-testid=target-namespace]").Input("shop-dr");

        await cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("/requests/", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(drId, request.ClusterId);
        var p = request.RestoreParameters;
        Assert.NotNull(p.SourceClusterId);
        Assert.Equal("prod-east", p.SourceLocation);
        Assert.Equal("premium-ssd", p.Classes!.StorageClassMap["fast-ssd"]);
        Assert.Equal("nginx", p.Classes.IngressClassMap["alb"]);
    }

    [Fact]
    public async Task NoOtherCluster_SeesTheLocation_SaysSoInWords()
    {
        await AddDrClusterAsync();
        DrSees(false);
        var cut = RenderForm();

        cut.WaitForAssertion(() => Assert.Contains("No other cluster of your tenant sees the location of backup daily-20261120, so it can be restored on prod-east only.",
            cut.Find("[data-testid=no-other-cluster]").TextContent));
        Assert.Contains("dr-west does not see the backup's location \"default\" (aws velero-prod-east/backups): it has no Velero backup storage location.",
            cut.Find("[data-testid=cluster-problem]").TextContent);
    }

    [Fact]
    public async Task GitOpsDeployingIntoTheTarget_IsNamed_AndKeepingItFrozenTravelsWithTheRequest()
    {
        Targets.Objects.Add(("prod-east", "Application", Json("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"shop","namespace":"argocd"},
             "spec":{"destination":{"server":"https://kubernetes.default.svc","namespace":"shop"}}}
            """)));
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = RenderForm();
        cut.Find("[data-testid=target-same] input, input[data-testid=target-same]").Click();

        var notice = cut.WaitForElement("[data-testid=gitops-freeze]");
        Assert.Contains("Argo CD Application argocd/shop deploys into shop", notice.TextContent);
        cut.Find("[data-testid=keep-gitops-frozen] input, input[data-testid=keep-gitops-frozen]").Change(true);
        var submitting = cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").Click());
        await dialogs.WaitForElement("[data-testid=confirm-ok]").ClickAsync(new());
        await submitting;

        cut.WaitForAssertion(() => Assert.Contains("/requests/", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var p = Assert.Single(await AllRequestsAsync()).RestoreParameters;
        Assert.True(p.KeepGitOpsFrozen);
        Assert.Equal("argocd/shop", $"{p.GitOps![0].Namespace}/{p.GitOps[0].Name}");
    }
}
