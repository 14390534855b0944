using Portal.Domain.Access;

namespace Portal.Web.Authentication;

/// <summary>A seeded demo user the development sign-in offers.</summary>
public sealed record DevelopmentUser(string Key, string DisplayName, string Email, string Summary)
{
    public string ExternalId => $"dev:{Key}";
}

/// <summary>One demo user of each persona (two application owners, of different tenants, to show isolation; two SREs per tenant).
/// Their scope bindings are seeded by <see cref="Hosting.DemoSeeder"/>.</summary>
public static class DevelopmentUsers
{
    public static readonly DevelopmentUser Alice = new("alice", "Alice Owner", "alice@webshop.example", "Application owner, tenant Webshop");
    public static readonly DevelopmentUser Sam = new("sam", "Sam Reliability", "sam@webshop.example", "SRE / DR engineer, tenant Webshop (approves restores)");
    public static readonly DevelopmentUser Priya = new("priya", "Priya Platform", "priya@platform.example", "Platform engineer, whole estate");
    public static readonly DevelopmentUser Dan = new("dan", "Dan Database", "dan@webshop.example", "Database engineer, tenant Webshop");
    public static readonly DevelopmentUser Maria = new("maria", "Maria Migration", "maria@platform.example", "Migration architect, whole estate");
    public static readonly DevelopmentUser Sofia = new("sofia", "Sofia Storage", "sofia@platform.example", "Storage administrator, cluster prod-east");
    public static readonly DevelopmentUser Bob = new("bob", "Bob Billing", "bob@billing.example", "Application owner, tenant Billing");
    public static readonly DevelopmentUser Rita = new("rita", "Rita Recovery", "rita@billing.example", "SRE / DR engineer, tenant Billing (approves its restores)");

    // The second SRE of each tenant, so nobody has to approve their own request (a rollback Rita asks for, Oscar approves).
    public static readonly DevelopmentUser Nina = new("nina", "Nina Nightshift", "nina@webshop.example", "Second SRE / DR engineer, tenant Webshop (approves Sam's requests)");
    public static readonly DevelopmentUser Oscar = new("oscar", "Oscar Oncall", "oscar@billing.example", "Second SRE / DR engineer, tenant Billing (approves Rita's requests)");

    public static IReadOnlyList<DevelopmentUser> All { get; } = [Alice, Sam, Nina, Priya, Dan, Maria, Sofia, Bob, Rita, Oscar];

    public static DevelopmentUser? Find(string? key) => All.FirstOrDefault(u => u.Key == key);

    /// <summary>The persona and scope each demo user is seeded with.</summary>
    public static (Persona Persona, ScopeKind Scope, string? Target) BindingOf(DevelopmentUser u) => u.Key switch
    {
        "alice" => (Persona.ApplicationOwner, ScopeKind.Tenant, "webshop"),
        "sam" => (Persona.SreEngineer, ScopeKind.Tenant, "webshop"),
        "priya" => (Persona.PlatformEngineer, ScopeKind.Estate, null),
        "dan" => (Persona.DatabaseEngineer, ScopeKind.Tenant, "webshop"),
        "maria" => (Persona.MigrationArchitect, ScopeKind.Estate, null),
        "sofia" => (Persona.StorageAdministrator, ScopeKind.Cluster, "prod-east"),
        "rita" => (Persona.SreEngineer, ScopeKind.Tenant, "billing"),
        "nina" => (Persona.SreEngineer, ScopeKind.Tenant, "webshop"),
        "oscar" => (Persona.SreEngineer, ScopeKind.Tenant, "billing"),
        _ => (Persona.ApplicationOwner, ScopeKind.Tenant, "billing"),
    };
}
