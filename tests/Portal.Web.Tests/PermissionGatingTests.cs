using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Web.Components.Pages.Clusters;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Components.Pages.Tenants;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>Pages reached by URL offer only what the caller may do: buttons and forms whose every submit would be
/// refused are not shown, and a form page says plainly who to ask instead. (The use cases still decide.)</summary>
public sealed class PermissionGatingTests : PortalTestContext
{
    private async Task<CurrentPrincipal> AddPersonAsync(string key, Persona persona, ScopeKind scope)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var clusterId = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Clusters)).Id;
        var user = new PortalUser($"dev:{key}", key, $"{key}@example.org");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, scope,
            scope == ScopeKind.Tenant ? TenantId : null, scope == ScopeKind.Cluster ? clusterId : null));
        await db.SaveChangesAsync();
        return new CurrentPrincipal(user.Id.ToString(), key, user.Email, []);
    }

    /// <summary>Who is asked about: every persona of the tenant, a platform engineer of the tenant and of the estate,
    /// and a storage administrator of the cluster.</summary>
    private async Task<Dictionary<string, CurrentPrincipal>> PeopleAsync() => new()
    {
        ["owner"] = Alice,
        ["sre"] = Sam,
        ["dbe"] = Dan,
        ["architect"] = await AddPersonAsync("architect", Persona.MigrationArchitect, ScopeKind.Tenant),
        ["tenant-platform"] = await AddPersonAsync("tenant-platform", Persona.PlatformEngineer, ScopeKind.Tenant),
        ["estate-platform"] = await AddPersonAsync("estate-platform", Persona.PlatformEngineer, ScopeKind.Estate),
        ["cluster-storage"] = await AddPersonAsync("cluster-storage", Persona.StorageAdministrator, ScopeKind.Cluster),
    };

    private IRenderedComponent<T> RenderAs<T>(CurrentPrincipal who, Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Principal.Current = who;
        var access = Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery()).GetAwaiter().GetResult().ValueOrThrow();
        return Render<T>(p =>
        {
            p.AddCascadingValue(access);
            parameters?.Invoke(p);
        });
    }

    [Fact]
    public async Task TenantsPage_OnlyAnEstatePlatformEngineer_IsOfferedCreateTenantAndGrantPersona()
    {
        foreach (var (who, principal) in await PeopleAsync())
        {
            var cut = RenderAs<Tenants>(principal);
            cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=loading]")));
            var offered = who == "estate-platform";
            Assert.True(offered == cut.FindAll("[data-testid=create-tenant]").Any(), $"{who}: create tenant");
            Assert.True(offered == cut.FindAll("[data-testid=add-binding]").Any(), $"{who}: grant a persona");
            Assert.DoesNotContain("Only platform engineers", cut.Markup);
        }
    }

    [Fact]
    public async Task TenantPage_ApprovalPolicies_EditableOnlyByPlatformEngineersOfTheTenant()
    {
        foreach (var (who, principal) in await PeopleAsync())
        {
            if (who == "cluster-storage") continue; // not a member of the tenant: the page is not found for it
            var cut = RenderAs<TenantDetails>(principal, p => p.Add(x => x.Id, TenantId));
            cut.WaitForElement("[data-testid=approval-policies]");
            var editable = who is "tenant-platform" or "estate-platform";
            var switches = cut.FindAll("[data-testid=approval-policies] input[type=checkbox]");
            Assert.NotEmpty(switches);
            Assert.All(switches, s => Assert.True(editable != s.HasAttribute("disabled"), $"{who}: policy switch"));
            Assert.True(editable != cut.FindAll("[data-testid=policies-read-only]").Any(), $"{who}: read-only note");
            if (!editable)
                Assert.Contains("You cannot change these policies here: ask a platform engineer of Webshop",
                    cut.Find("[data-testid=policies-read-only]").TextContent);
        }
    }

    [Fact]
    public async Task ClustersAndRegisterClusterPages_OnlyAnEstatePlatformEngineer_IsOfferedRegistration()
    {
        foreach (var (who, principal) in await PeopleAsync())
        {
            var offered = who == "estate-platform";
            var list = RenderAs<Clusters>(principal);
            list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid=loading]")));
            Assert.True(offered == list.FindAll("[data-testid=register-cluster]").Any(), $"{who}: register button");

            var form = RenderAs<RegisterClusterPage>(principal);
            Assert.True(offered == form.FindAll("[data-testid=submit-cluster]").Any(), $"{who}: register form");
            Assert.True(offered != form.FindAll("[data-testid=not-allowed]").Any(), $"{who}: not-allowed message");
            if (!offered)
                Assert.Contains("You cannot register clusters here: ask a platform engineer of the whole estate", form.Find("[data-testid=not-allowed]").TextContent);
        }
    }

    [Fact]
    public async Task ClustersPage_TestConnection_OfferedToPlatformEngineersOfTheEstateOrOfThatCluster()
    {
        var people = await PeopleAsync();
        people["cluster-platform"] = await AddPersonAsync("cluster-platform", Persona.PlatformEngineer, ScopeKind.Cluster);
        foreach (var (who, principal) in people)
        {
            var list = RenderAs<Clusters>(principal);
            list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid=loading]")));
            var offered = who is "estate-platform" or "cluster-platform";
            Assert.True(offered == list.FindAll("[data-testid=test-connection]").Any(), $"{who}: test connection");
        }
    }

    [Fact]
    public async Task BackupAndRestoreForms_ShownOnlyToThoseWhoMayAsk_OthersToldWhomToAsk()
    {
        foreach (var (who, principal) in await PeopleAsync())
        {
            var backup = RenderAs<NewBackup>(principal, p => p.Add(x => x.Id, ShopNamespaceId));
            backup.WaitForAssertion(() => Assert.Empty(backup.FindAll("[data-testid=loading]")));
            var mayBackup = who is "owner" or "sre" or "dbe";
            Assert.True(mayBackup == backup.FindAll("[data-testid=backup-form]").Any(), $"{who}: backup form");
            if (!mayBackup)
                Assert.Contains("You cannot request backups of shop here: ask an application owner, SRE / DR engineer or database engineer of Webshop",
                    backup.Find("[data-testid=not-allowed]").TextContent);

            var restore = RenderAs<NewRestore>(principal, p => p.Add(x => x.Id, ShopNamespaceId));
            restore.WaitForAssertion(() => Assert.Empty(restore.FindAll("[data-testid=loading]")));
            var mayRestore = who is "owner" or "sre";
            Assert.True(mayRestore == restore.FindAll("[data-testid=restore-form]").Any(), $"{who}: restore form");
            if (!mayRestore)
                Assert.Contains("You cannot request restores of shop here: ask an application owner or SRE / DR engineer of Webshop",
                    restore.Find("[data-testid=not-allowed]").TextContent);
        }
    }
}
