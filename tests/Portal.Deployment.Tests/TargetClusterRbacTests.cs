using YamlDotNet.RepresentationModel;

namespace Portal.Deployment.Tests;

public sealed class TargetClusterRbacTests
{
    private const string DatabasesRole = "kubernetes-portal-databases";

    /// <summary>The migration waves' role: broad by necessity (it reads every type), so it is checked on its own
    /// (<see cref="Migration_role_grants_exactly_what_migrations_need"/>) and the least-privilege rules below hold
    /// for every other role.</summary>
    private const string MigrationRole = "kubernetes-portal-migration";

    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Rendered =
        new(() => Yaml.Documents(Tool.RunOk("kubectl", "kustomize", "deploy/target-cluster-rbac")));

    /// <summary>The per-namespace binding of the database features' role, as shipped (namespace still a placeholder).</summary>
    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> TenantBinding =
        new(() => Yaml.Documents(Tool.RunOk("kubectl", "kustomize", "deploy/target-cluster-rbac/tenant-databases")));

    private static IEnumerable<YamlMappingNode> AllRoles =>
        Rendered.Value.Where(d => d.Kind() is "ClusterRole" or "Role");

    /// <summary>Every role but the migration one.</summary>
    private static IEnumerable<YamlMappingNode> Roles => AllRoles.Where(r => r.Name() != MigrationRole);

    private static IEnumerable<(YamlMappingNode Role, YamlNode Rule)> Rules =>
        Roles.SelectMany(r => r.Seq("rules").Select(rule => (r, rule)));

    private static bool Grants(string apiGroup, string resource, string verb) =>
        Rules.Any(x => x.Rule.Strings("apiGroups").Contains(apiGroup)
                       && x.Rule.Strings("resources").Contains(resource)
                       && x.Rule.Strings("verbs").Contains(verb));

    /// <summary>ClusterRoles a ClusterRoleBinding grants everywhere.</summary>
    private static IEnumerable<YamlMappingNode> ClusterWideRoles =>
        Roles.Where(r => r.Kind() == "ClusterRole" && Rendered.Value.Any(b => b.Kind() == "ClusterRoleBinding" && b.Str("roleRef", "name") == r.Name()));

    private static bool GrantsClusterWide(string apiGroup, string resource, string verb) =>
        ClusterWideRoles.SelectMany(r => r.Seq("rules")).Any(rule => rule.Strings("apiGroups").Contains(apiGroup)
            && rule.Strings("resources").Contains(resource) && rule.Strings("verbs").Contains(verb));

    /// <summary>Every (apiGroup, resource, verb) a role's rules grant.</summary>
    private static HashSet<(string Group, string Resource, string Verb)> Triples(YamlMappingNode role) =>
        role.Seq("rules").SelectMany(rule =>
            from g in rule.Strings("apiGroups")
            from r in rule.Strings("resources")
            from v in rule.Strings("verbs")
            select (g, r, v)).ToHashSet();

    private static bool GrantsIn(string roleKind, string apiGroup, string resource, string verb) =>
        Rules.Any(x => x.Role.Kind() == roleKind
                       && x.Rule.Strings("apiGroups").Contains(apiGroup)
                       && x.Rule.Strings("resources").Contains(resource)
                       && x.Rule.Strings("verbs").Contains(verb));

    [Fact]
    public void Renders_the_identity_and_its_roles()
    {
        Assert.Contains(Rendered.Value, d => d.Kind() == "ClusterRole");
        Assert.Contains(Rendered.Value, d => d.Kind() == "Role");

        var sa = Assert.Single(Rendered.Value, d => d.Kind() == "ServiceAccount");
        Assert.Equal("kubernetes-portal", sa.Name());
        Assert.Equal("portal-system", sa.Str("metadata", "namespace"));

        var token = Assert.Single(Rendered.Value, d => d.Kind() == "Secret");
        Assert.Equal("kubernetes.io/service-account-token", token.Str("type"));
        Assert.Equal("kubernetes-portal", token.Str("metadata", "annotations", "kubernetes.io/service-account.name"));
        Assert.Empty(token.Keys("data"));
        Assert.Empty(token.Keys("stringData"));
    }

    [Fact]
    public void Every_role_is_bound_to_the_portal_service_account_only()
    {
        var bindings = Rendered.Value.Where(d => d.Kind() is "ClusterRoleBinding" or "RoleBinding").ToList();

        foreach (var role in AllRoles.Where(r => r.Name() != DatabasesRole))
        {
            var binding = Assert.Single(bindings, b => b.Str("roleRef", "name") == role.Name() && b.Str("roleRef", "kind") == role.Kind());
            if (role.Kind() == "Role")
            {
                Assert.Equal(role.Str("metadata", "namespace"), binding.Str("metadata", "namespace"));
            }
        }

        foreach (var binding in bindings.Concat(TenantBinding.Value))
        {
            var subject = Assert.Single(binding.Seq("subjects"));
            Assert.Equal("ServiceAccount", subject.Str("kind"));
            Assert.Equal("kubernetes-portal", subject.Str("name"));
            Assert.Equal("portal-system", subject.Str("namespace"));
        }
    }

    [Fact]
    public void No_wildcards_anywhere()
    {
        foreach (var (role, rule) in Rules)
        {
            foreach (var field in new[] { "apiGroups", "resources", "verbs", "resourceNames" })
            {
                Assert.DoesNotContain(rule.Strings(field), v => v.Contains('*'));
            }

            Assert.Empty(rule.Seq("nonResourceURLs"));
            Assert.NotEmpty(rule.Strings("verbs"));
            Assert.NotEmpty(rule.Strings("resources"));
            _ = role;
        }

        Assert.DoesNotContain(Roles, r => r.Get("aggregationRule") is not null);
    }

    [Fact]
    public void Secrets_only_read_in_the_per_namespace_databases_role_and_no_privilege_escalation_verbs()
    {
        foreach (var (role, rule) in Rules)
        {
            if (rule.Strings("resources").Contains("secrets"))
            {
                Assert.Equal(DatabasesRole, role.Name());
                Assert.Equal(["get", "list"], rule.Strings("verbs").Order());
            }

            Assert.DoesNotContain("pods/exec", rule.Strings("resources"));
            Assert.DoesNotContain(rule.Strings("verbs"), v => v is "escalate" or "bind" or "impersonate");
            Assert.DoesNotContain("rbac.authorization.k8s.io", rule.Strings("apiGroups"));
        }

        Assert.False(GrantsClusterWide("", "secrets", "get"), "no Secret may be readable cluster-wide");
        Assert.False(GrantsClusterWide("", "secrets", "list"), "no Secret may be listable cluster-wide");
    }

    [Fact]
    public void Databases_role_grants_exactly_what_the_database_features_need()
    {
        var role = Assert.Single(Roles, r => r.Name() == DatabasesRole);
        string[] all = ["get", "list", "watch", "create", "update", "patch", "delete"];
        var expected = new HashSet<(string, string, string)>();
        void Add(string group, string[] resources, string[] verbs)
        {
            foreach (var r in resources)
                foreach (var v in verbs)
                    expected.Add((group, r, v));
        }
        Add("", ["secrets"], ["get", "list"]);
        Add("batch", ["jobs", "cronjobs"], all);
        Add("", ["persistentvolumeclaims"], ["get", "list", "create"]);
        Add("", ["pods"], ["get", "list", "watch"]);
        Add("", ["services"], ["get", "list"]);
        Add("apps", ["statefulsets", "deployments"], ["get", "list"]);
        Add("postgresql.cnpg.io", ["backups", "scheduledbackups"], all);
        Add("postgresql.cnpg.io", ["clusters"], ["get", "list"]);

        Assert.Equal("ClusterRole", role.Kind());
        Assert.Equal(expected.Order(), Triples(role).Order());
        Assert.All(role.Seq("rules"), rule => Assert.Empty(rule.Seq("resourceNames")));
    }

    [Fact]
    public void Databases_role_is_never_bound_cluster_wide_only_per_namespace()
    {
        Assert.DoesNotContain(Rendered.Value, d => d.Str("roleRef", "name") == DatabasesRole);

        var binding = Assert.Single(TenantBinding.Value);
        Assert.Equal("RoleBinding", binding.Kind());
        Assert.Equal("ClusterRole", binding.Str("roleRef", "kind"));
        Assert.Equal(DatabasesRole, binding.Str("roleRef", "name"));
    }

    [Fact]
    public void Databases_binding_from_an_overlay_lands_in_the_tenant_namespace_with_the_portal_as_subject()
    {
        // The documented procedure: an overlay per tenant namespace that sets "namespace:". kustomize wants the
        // path relative, so the overlay lives beside the test binaries (inside the repository, ignored by git).
        var overlay = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "overlay-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var folder = Path.GetRelativePath(overlay, RepoRoot.Combine("deploy", "target-cluster-rbac", "tenant-databases")).Replace('\\', '/');
            File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: shop-payments
                resources:
                  - {folder}
                """);

            var binding = Assert.Single(Yaml.Documents(Tool.RunOk("kubectl", "kustomize", overlay)));

            Assert.Equal("shop-payments", binding.Str("metadata", "namespace"));
            var subject = Assert.Single(binding.Seq("subjects"));
            Assert.Equal("portal-system", subject.Str("namespace"));
            Assert.Equal("kubernetes-portal", subject.Str("name"));
        }
        finally
        {
            Directory.Delete(overlay, recursive: true);
        }
    }

    [Fact]
    public void Namespaces_are_read_but_never_created_or_deleted()
    {
        Assert.True(GrantsIn("ClusterRole", "", "namespaces", "list"));
        Assert.True(GrantsIn("ClusterRole", "", "namespaces", "watch"));

        foreach (var verb in new[] { "create", "delete", "deletecollection", "update", "patch" })
        {
            Assert.False(Grants("", "namespaces", verb), $"the portal must not {verb} namespaces");
        }
    }

    [Fact]
    public void Velero_rights_are_a_role_in_the_velero_namespace_only()
    {
        Assert.DoesNotContain(Rules, x => x.Role.Kind() == "ClusterRole" && x.Rule.Strings("apiGroups").Contains("velero.io"));

        var role = Assert.Single(Roles, r => r.Seq("rules").Any(rule => rule.Strings("apiGroups").Contains("velero.io")));
        Assert.Equal("Role", role.Kind());
        Assert.Equal("velero", role.Str("metadata", "namespace"));

        foreach (var resource in new[] { "backups", "restores", "deletebackuprequests" })
        {
            foreach (var verb in new[] { "create", "get", "list", "watch", "delete" })
            {
                Assert.True(Grants("velero.io", resource, verb), $"velero.io {resource}: {verb}");
            }

            Assert.False(Grants("velero.io", resource, "update"));
            Assert.False(Grants("velero.io", resource, "patch"));
        }

        foreach (var resource in new[] { "backupstoragelocations", "volumesnapshotlocations", "schedules" })
        {
            Assert.True(Grants("velero.io", resource, "list"), $"velero.io {resource}: list");
            Assert.False(Grants("velero.io", resource, "create"), $"velero.io {resource} is read only");
            Assert.False(Grants("velero.io", resource, "delete"), $"velero.io {resource} is read only");
        }
    }

    [Fact]
    public void Cluster_scoped_reads_and_later_features_are_granted_as_documented()
    {
        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshotclasses", "list"));
        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshots", "create"));
        Assert.True(GrantsIn("ClusterRole", "postgresql.cnpg.io", "clusters", "list"));
        Assert.True(GrantsIn("ClusterRole", "argoproj.io", "applications", "patch"));
        Assert.True(GrantsIn("ClusterRole", "kustomize.toolkit.fluxcd.io", "kustomizations", "patch"));

        Assert.False(Grants("snapshot.storage.k8s.io", "volumesnapshotclasses", "create"));
        Assert.False(GrantsClusterWide("postgresql.cnpg.io", "backups", "delete"));
        Assert.False(GrantsClusterWide("batch", "jobs", "create"));
        Assert.False(GrantsClusterWide("batch", "cronjobs", "create"));
        Assert.False(Grants("argoproj.io", "applications", "delete"));
        Assert.False(Grants("kustomize.toolkit.fluxcd.io", "kustomizations", "delete"));
    }

    [Fact]
    public void Migration_role_grants_exactly_what_migrations_need()
    {
        var role = Assert.Single(AllRoles, r => r.Name() == MigrationRole);
        string[] write = ["create", "update", "patch", "delete"];
        var expected = new HashSet<(string, string, string)> { ("*", "*", "get"), ("*", "*", "list") };
        void Add(string group, string[] resources)
        {
            foreach (var r in resources)
                foreach (var v in write)
                    expected.Add((group, r, v));
        }
        Add("", ["namespaces", "configmaps", "secrets", "services", "serviceaccounts", "persistentvolumeclaims", "pods"]);
        Add("apps", ["deployments", "statefulsets", "daemonsets"]);
        Add("batch", ["jobs", "cronjobs"]);
        Add("networking.k8s.io", ["ingresses", "networkpolicies"]);
        Add("policy", ["poddisruptionbudgets"]);
        Add("argoproj.io", ["applications"]);
        Add("kustomize.toolkit.fluxcd.io", ["kustomizations"]);
        Add("source.toolkit.fluxcd.io", ["gitrepositories"]);
        Add("velero.io", ["backups", "restores"]);

        Assert.Equal("ClusterRole", role.Kind());
        Assert.Equal(expected.Order(), Triples(role).Order());
        Assert.All(role.Seq("rules"), rule => Assert.Empty(rule.Seq("resourceNames")));
        Assert.All(role.Seq("rules"), rule => Assert.Empty(rule.Seq("nonResourceURLs")));
    }

    [Fact]
    public void Migration_role_wildcard_only_reads_and_no_rbac_exec_or_escalation()
    {
        var role = Assert.Single(AllRoles, r => r.Name() == MigrationRole);

        foreach (var rule in role.Seq("rules"))
        {
            var wildcard = rule.Strings("apiGroups").Contains("*") || rule.Strings("resources").Contains("*");
            if (wildcard)
            {
                Assert.Equal(["get", "list"], rule.Strings("verbs").Order());
            }

            Assert.DoesNotContain(rule.Strings("verbs"), v => v is "*" or "escalate" or "bind" or "impersonate" or "deletecollection");
            Assert.DoesNotContain("rbac.authorization.k8s.io", rule.Strings("apiGroups"));
            Assert.DoesNotContain("apiextensions.k8s.io", rule.Strings("apiGroups"));
            Assert.DoesNotContain(rule.Strings("resources"), r => r.Contains('/'));
        }

        var binding = Assert.Single(Rendered.Value, d => d.Str("roleRef", "name") == MigrationRole);
        Assert.Equal("ClusterRoleBinding", binding.Kind());
    }
}
