using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Tenants;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>An Entra application bound to a tenant's scope: kind Application, named by a GUID (anything else refused in words
/// next to the field, never stored), audited, listed as an application, and granting its persona to a caller presenting its id
/// as a group principal (as the API's Entra scheme does).</summary>
public class EntraApplicationBindingTests
{
    private static async Task<(CurrentPrincipal Platform, Guid Tenant)> SeedAsync(PortalTestHost host)
    {
        await using var db = await host.OpenAllAsync();
        var tenant = new Tenant("webshop", "Webshop");
        var user = new PortalUser($"pe-{Guid.NewGuid():N}", "Pat Platform", "pat@example.com");
        db.Tenants.Add(tenant);
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
        await db.SaveChangesAsync();
        return (new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []), tenant.Id);
    }

    [Theory]
    [InlineData("release-pipeline")]
    [InlineData("{6b0c8a4e-2f1d-4a3b-9c5e-7d8f9a0b1c2d}")] // braces: not the form Entra shows, refused rather than reshaped
    [InlineData("6b0c8a4e2f1d4a3b9c5e7d8f9a0b1c2d")]
    public async Task Add_AnApplicationByAnythingButAGuid_IsRefusedNextToTheField_AndNothingIsStored(string id)
    {
        await using var host = await PortalTestHost.StartAsync();
        var (platform, tenant) = await SeedAsync(host);
        host.Principal.Current = platform;

        var result = await host.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.Application, id, Persona.ApplicationOwner, ScopeKind.Tenant, tenant, null)));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("principalId", result.Error.Field);
        Assert.Contains($"'{id}' is not one", result.Error.Message);
        await using var db = await host.OpenAllAsync();
        Assert.False(await db.ScopeBindings.AnyAsync(b => b.PrincipalKind == PrincipalKind.Application));
    }

    [Fact]
    public async Task Add_AnApplicationByItsGuid_IsAuditedListedAsAnApplication_AndGrantsItsPersonaToThatId()
    {
        await using var host = await PortalTestHost.StartAsync();
        var (platform, tenant) = await SeedAsync(host);
        host.Principal.Current = platform;
        var appId = Guid.NewGuid();

        var added = await host.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.Application, appId.ToString().ToUpperInvariant(), Persona.ApplicationOwner, ScopeKind.Tenant, tenant, null)));
        var listed = await host.RunAsync<ListScopeBindings, Result<IReadOnlyList<ScopeBindingView>>>(u => u.HandleAsync(new ListScopeBindingsQuery()));

        Assert.True(added.IsSuccess, added.Error?.Message);
        var view = Assert.Single(listed.Value!, b => b.PrincipalKind == PrincipalKind.Application);
        Assert.Equal("Application", view.KindName);
        Assert.Equal(appId.ToString(), view.PrincipalId); // as Entra writes it in its tokens
        Assert.Equal($"application {appId}", view.PrincipalName);
        await using var db = await host.OpenAllAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "binding.added" && e.Summary.StartsWith($"Entra application {appId} holds")));
        var grants = await PersonGrants.OfAsync(db, appId.ToString(), [appId.ToString()], CancellationToken.None);
        Assert.Equal(Persona.ApplicationOwner, Assert.Single(grants).Persona);
        Assert.Empty(await PersonGrants.OfAsync(db, "someone", [Guid.NewGuid().ToString()], CancellationToken.None));
    }

    [Fact]
    public void ScopeBinding_OfAnApplication_NeedsAGuid() =>
        Assert.Throws<DomainException>(() => new ScopeBinding(PrincipalKind.Application, "pipeline", Persona.ApplicationOwner, ScopeKind.Estate));
}
