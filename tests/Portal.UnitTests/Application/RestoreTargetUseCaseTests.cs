using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>A restore that writes into a namespace in use (the namespace itself, or another one the tenant owns) needs the
/// requester's confirmation, enforced by the use case and not only by the form's dialog.</summary>
public class RestoreTargetUseCaseTests
{
    private static async Task<(PortalTestHost Host, WalkWorld World)> StartAsync()
    {
        var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        await using (var db = await host.OpenAllAsync())
        {
            db.TenantNamespaces.Add(new TenantNamespace(w.AlphaTenant, w.ClusterId, "alpha-live", DateTimeOffset.UtcNow, "seed"));
            await db.SaveChangesAsync();
        }
        host.Cluster.Namespaces.Add("alpha-live");
        host.Principal.Current = w.AlphaPeople[Persona.ApplicationOwner];
        return (host, w);
    }

    private static Task<Result<Guid>> SubmitAsync(PortalTestHost host, WalkWorld w, string target, bool confirm) =>
        host.RunAsync<SubmitRestoreRequest, Result<Guid>>(u => u.HandleAsync(
            new SubmitRestoreRequestCommand(w.AlphaNs, "alpha-backup", target, ExistingResourcePolicy.Update, true, null, confirm)));

    [Theory]
    [InlineData("alpha-live", "already exists and belongs to your tenant")]
    [InlineData("alpha-ns", "Confirm the restore into the live namespace")]
    public async Task Submit_IntoANamespaceInUse_WithoutConfirmation_IsRefusedInWords(string target, string words)
    {
        var (host, w) = await StartAsync();
        await using var _ = host;

        var before = await CountRequestsAsync(host);
        var refused = await SubmitAsync(host, w, target, confirm: false);

        Assert.Equal(ErrorKind.Validation, refused.Error?.Kind);
        Assert.Contains(words, refused.Error!.Message);
        Assert.Contains("changed back to the backup's version", refused.Error.Message);
        Assert.Equal(before, await CountRequestsAsync(host));
    }

    private static async Task<int> CountRequestsAsync(PortalTestHost host)
    {
        await using var db = await host.OpenAllAsync();
        return await db.Requests.CountAsync();
    }

    [Fact]
    public async Task Submit_IntoAnotherNamespaceOfTheTenant_Confirmed_IsRecordedAsIntoAnExistingNamespace()
    {
        var (host, w) = await StartAsync();
        await using var _ = host;

        var id = (await SubmitAsync(host, w, "alpha-live", confirm: true)).ValueOrThrow();

        await using var db = await host.OpenAllAsync();
        var request = await db.Requests.SingleAsync(r => r.Id == id);
        Assert.True(request.RestoreParameters.IntoExistingNamespace);
        Assert.Equal("alpha-live", request.TargetNamespace);
    }

    [Fact]
    public async Task Submit_IntoANewNamespace_NeedsNoConfirmation_AndIsRecordedAsNew()
    {
        var (host, w) = await StartAsync();
        await using var _ = host;

        var id = (await SubmitAsync(host, w, "alpha-brand-new", confirm: false)).ValueOrThrow();

        await using var db = await host.OpenAllAsync();
        Assert.False((await db.Requests.SingleAsync(r => r.Id == id)).RestoreParameters.IntoExistingNamespace);
    }
}
