using YamlDotNet.RepresentationModel;

namespace Portal.Deployment.Tests;

/// <summary>
/// The least-privilege test over every file of deploy/target-cluster-rbac: no cluster-wide binding reads Secrets or
/// writes workloads, Secrets, ServiceAccounts or RBAC; rights inside a namespace come only from the per-namespace role
/// the portal binds itself (and may bind by name only); namespace deletion and RoleBinding creation are guarded by an
/// admission policy; every manifest is valid against the real Kubernetes schemas.
/// </summary>
public sealed class TargetClusterRbacTests
{
    private const string Folder = "deploy/target-cluster-rbac";

    /// <summary>Bound per namespace by the portal (RoleBinding "kubernetes-portal"), never cluster-wide.</summary>
    private const string NamespaceRole = "kubernetes-portal-namespace";
    private const string NamespaceBinding = "kubernetes-portal";
    private const string MigrationRole = "kubernetes-portal-migration";
    private const string DrillRole = "kubernetes-portal-drills";
    private const string PortalUser = "system:serviceaccount:portal-system:kubernetes-portal";

    private static readonly string[] Workloads = ["pods", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs"];

    private static readonly Lazy<string> RenderedText = new(() => Tool.RunOk("kubectl", "kustomize", Folder));
    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Rendered = new(() => Yaml.Documents(RenderedText.Value));

    private static IEnumerable<YamlMappingNode> AllRoles =>
        Rendered.Value.Where(d => d.Kind() is "ClusterRole" or "Role");

    /// <summary>Every role but the per-namespace one (which reads everything in the namespace it is bound in).</summary>
    private static IEnumerable<YamlMappingNode> Roles => AllRoles.Where(r => r.Name() != NamespaceRole);

    private static IEnumerable<(YamlMappingNode Role, YamlNode Rule)> Rules =>
        Roles.SelectMany(r => r.Seq("rules").Select(rule => (r, rule)));

    private static bool Grants(string apiGroup, string resource, string verb) =>
        Rules.Any(x => x.Rule.Strings("apiGroups").Contains(apiGroup)
                       && x.Rule.Strings("resources").Contains(resource)
                       && x.Rule.Strings("verbs").Contains(verb));

    /// <summary>ClusterRoles a ClusterRoleBinding grants everywhere.</summary>
    private static IEnumerable<YamlMappingNode> ClusterWideRoles =>
        AllRoles.Where(r => r.Kind() == "ClusterRole" && Rendered.Value.Any(b => b.Kind() == "ClusterRoleBinding" && b.Str("roleRef", "name") == r.Name()));

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

    private static YamlMappingNode Policy => Assert.Single(Rendered.Value, d => d.Kind() == "ValidatingAdmissionPolicy");

    [Fact]
    public void Every_file_of_the_folder_is_rendered_and_so_tested()
    {
        var kustomization = Assert.Single(Yaml.Documents(File.ReadAllText(RepoRoot.Combine(Folder, "kustomization.yaml"))));
        var listed = kustomization.Strings("resources").Order(StringComparer.Ordinal).ToList();
        var files = Directory.EnumerateFileSystemEntries(RepoRoot.Combine(Folder))
            .Select(Path.GetFileName).OfType<string>().Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, listed);
        Assert.All(files, f => Assert.EndsWith(".yaml", f));
    }

    [CrdsFact]
    public void Every_manifest_is_valid_against_the_real_schemas()
    {
        Assert.Empty(RealSchemas.Errors(RenderedText.Value));
        Assert.Contains(Rendered.Value, d => d.Kind() == "ValidatingAdmissionPolicyBinding");
    }

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
    public void Every_role_is_bound_to_the_portal_service_account_only_and_the_namespace_role_is_not_bound_here()
    {
        var bindings = Rendered.Value.Where(d => d.Kind() is "ClusterRoleBinding" or "RoleBinding").ToList();

        foreach (var role in Roles)
        {
            var binding = Assert.Single(bindings, b => b.Str("roleRef", "name") == role.Name() && b.Str("roleRef", "kind") == role.Kind());
            if (role.Kind() == "Role")
            {
                Assert.Equal(role.Str("metadata", "namespace"), binding.Str("metadata", "namespace"));
            }
        }

        Assert.DoesNotContain(bindings, b => b.Str("roleRef", "name") == NamespaceRole);
        foreach (var binding in bindings)
        {
            var subject = Assert.Single(binding.Seq("subjects"));
            Assert.Equal("ServiceAccount", subject.Str("kind"));
            Assert.Equal("kubernetes-portal", subject.Str("name"));
            Assert.Equal("portal-system", subject.Str("namespace"));
        }
    }

    [Fact]
    public void No_cluster_wide_binding_reads_secrets_or_writes_workloads_serviceaccounts_or_rbac()
    {
        var roles = ClusterWideRoles.ToList();
        Assert.Contains(roles, r => r.Name() == "kubernetes-portal");
        Assert.Contains(roles, r => r.Name() == MigrationRole);
        Assert.DoesNotContain(roles, r => r.Name() == NamespaceRole);

        foreach (var role in roles)
        {
            Assert.Null(role.Get("aggregationRule"));
            foreach (var rule in role.Seq("rules"))
            {
                var what = $"{role.Name()}: {string.Join(",", rule.Strings("apiGroups"))} {string.Join(",", rule.Strings("resources"))} {string.Join(",", rule.Strings("verbs"))}";
                foreach (var field in new[] { "apiGroups", "resources", "verbs", "resourceNames" })
                {
                    Assert.False(rule.Strings(field).Any(v => v.Contains('*')), $"wildcard in {what}");
                }

                Assert.Empty(rule.Seq("nonResourceURLs"));
                Assert.DoesNotContain(rule.Strings("resources"), r => r.Contains('/'));
                Assert.DoesNotContain(rule.Strings("verbs"), v => v is "escalate" or "impersonate" or "deletecollection");
                Assert.False(rule.Strings("resources").Contains("secrets"), $"Secrets cluster-wide: {what}");
                Assert.False(rule.Strings("resources").Contains("serviceaccounts"), $"ServiceAccounts cluster-wide: {what}");
                Assert.False(rule.Strings("resources").Intersect(Workloads).Any(), $"workloads cluster-wide: {what}");

                if (rule.Strings("apiGroups").Contains("rbac.authorization.k8s.io"))
                {
                    // bind the fixed per-namespace role by name; create its RoleBinding; read, fix and remove that binding by name
                    var resources = rule.Strings("resources").ToList();
                    var verbs = rule.Strings("verbs").Order(StringComparer.Ordinal).ToList();
                    var names = rule.Strings("resourceNames").ToList();
                    Assert.Equal(["rbac.authorization.k8s.io"], rule.Strings("apiGroups"));
                    var allowed = (resources, verbs, names) switch
                    {
                        (["clusterroles"], ["bind"], [NamespaceRole]) => true,
                        (["rolebindings"], ["create"], []) => true,
                        (["rolebindings"], var v, [NamespaceBinding]) when v.All(x => x is "get" or "update" or "delete") => true,
                        _ => false,
                    };
                    Assert.True(allowed, $"RBAC beyond binding the per-namespace role: {what} {string.Join(",", names)}");
                }
            }
        }
    }

    [Fact]
    public void Secrets_only_through_the_per_namespace_role()
    {
        foreach (var (role, rule) in Rules)
        {
            Assert.DoesNotContain("secrets", rule.Strings("resources"));
            Assert.DoesNotContain("pods/exec", rule.Strings("resources"));
            _ = role;
        }

        Assert.DoesNotContain(Rendered.Value, d => d.Kind() == "Secret" && d.Keys("data").Any());
    }

    [Fact]
    public void Namespace_role_reads_the_namespace_and_writes_what_moves_and_dumps_need_but_no_rbac()
    {
        var role = Assert.Single(AllRoles, r => r.Name() == NamespaceRole);
        Assert.Equal("ClusterRole", role.Kind());
        string[] write = ["create", "update", "patch", "delete"];
        var expected = new HashSet<(string, string, string)> { ("*", "*", "get"), ("*", "*", "list"), ("*", "*", "watch") };
        void Add(string group, string[] resources)
        {
            foreach (var r in resources)
                foreach (var v in write)
                    expected.Add((group, r, v));
        }
        Add("", ["configmaps", "secrets", "services", "serviceaccounts", "persistentvolumeclaims", "pods"]);
        Add("apps", ["deployments", "statefulsets", "daemonsets"]);
        Add("batch", ["jobs", "cronjobs"]);
        Add("networking.k8s.io", ["ingresses", "networkpolicies"]);
        Add("policy", ["poddisruptionbudgets"]);
        Add("postgresql.cnpg.io", ["backups", "scheduledbackups"]);

        Assert.Equal(expected.Order(), Triples(role).Order());
        foreach (var rule in role.Seq("rules"))
        {
            var wildcard = rule.Strings("apiGroups").Contains("*") || rule.Strings("resources").Contains("*");
            if (wildcard) Assert.Equal(["get", "list", "watch"], rule.Strings("verbs").Order());
            Assert.DoesNotContain(rule.Strings("verbs"), v => v is "*" or "escalate" or "bind" or "impersonate" or "deletecollection");
            Assert.DoesNotContain("rbac.authorization.k8s.io", rule.Strings("apiGroups"));
            Assert.Empty(rule.Seq("resourceNames"));
        }
    }

    [Fact]
    public void Only_the_migration_and_drill_roles_create_namespaces_and_the_guard_policy_limits_deleting_them()
    {
        foreach (var verb in new[] { "create", "delete" })
        {
            Assert.All(Rules.Where(x => x.Rule.Strings("resources").Contains("namespaces") && x.Rule.Strings("verbs").Contains(verb)),
                x => Assert.Contains(x.Role.Name(), new[] { MigrationRole, DrillRole }));
        }
        foreach (var verb in new[] { "update", "patch" })
        {
            Assert.All(Rules.Where(x => x.Rule.Strings("resources").Contains("namespaces") && x.Rule.Strings("verbs").Contains(verb)),
                x => Assert.Equal(MigrationRole, x.Role.Name()));
        }
        // Restore drills: their scratch namespaces only, made and removed, nothing else.
        var drills = Assert.Single(AllRoles, r => r.Name() == DrillRole);
        Assert.Equal(new[] { ("", "namespaces", "create"), ("", "namespaces", "delete") }.Order(), Triples(drills).Order());
        Assert.Equal("ClusterRoleBinding", Assert.Single(Rendered.Value, d => d.Str("roleRef", "name") == DrillRole).Kind());

        Assert.False(Grants("", "namespaces", "deletecollection"));
        var policy = Policy;
        Assert.Equal("Fail", policy.Str("spec", "failurePolicy"));
        Assert.Contains(policy.Seq("spec", "matchConditions"), c => c.Str("expression")!.Contains($"'{PortalUser}'"));
        Assert.Contains(policy.Seq("spec", "matchConstraints", "resourceRules"), r =>
            r.Strings("resources").Contains("namespaces") && r.Strings("operations").Contains("DELETE") && r.Strings("operations").Contains("UPDATE"));
        var expressions = string.Join("\n", policy.Seq("spec", "validations").Select(v => v.Str("expression"))
            .Concat(policy.Seq("spec", "variables").Select(v => v.Str("expression"))));
        Assert.Contains("request.operation != 'DELETE' || variables.wasPortals", expressions);
        Assert.Contains("oldObject.metadata.labels['app.kubernetes.io/managed-by'] == 'kubernetes-portal'", expressions);

        var binding = Assert.Single(Rendered.Value, d => d.Kind() == "ValidatingAdmissionPolicyBinding");
        Assert.Equal(policy.Name(), binding.Str("spec", "policyName"));
        Assert.Equal(["Deny"], binding.Strings("spec", "validationActions"));
    }

    [Fact]
    public void The_guard_policy_lets_the_portal_create_only_its_own_binding_outside_system_namespaces()
    {
        var policy = Policy;
        Assert.Contains(policy.Seq("spec", "matchConstraints", "resourceRules"), r =>
            r.Strings("resources").Contains("rolebindings") && r.Strings("operations").Contains("CREATE") && r.Strings("operations").Contains("UPDATE"));
        var expressions = string.Join("\n", policy.Seq("spec", "validations").Select(v => v.Str("expression"))
            .Concat(policy.Seq("spec", "variables").Select(v => v.Str("expression"))));

        Assert.Contains($"object.metadata.name == '{NamespaceBinding}'", expressions);
        Assert.Contains($"object.roleRef.name == '{NamespaceRole}'", expressions);
        Assert.Contains("size(object.subjects) == 1", expressions);
        Assert.Contains("object.subjects[0].__namespace__ == 'portal-system'", expressions);
        Assert.Contains("startsWith('kube-')", expressions);
        foreach (var ns in new[] { "portal-system", "velero", "argocd", "flux-system" })
        {
            Assert.Contains($"'{ns}'", expressions);
        }
    }

    [Fact]
    public void The_guard_policy_keeps_the_portals_velero_restores_out_of_system_namespaces()
    {
        var policy = Policy;
        Assert.Contains(policy.Seq("spec", "matchConstraints", "resourceRules"), r =>
            r.Strings("apiGroups").Contains("velero.io") && r.Strings("resources").Contains("restores") && r.Strings("operations").Contains("CREATE"));
        var expressions = string.Join("\n", policy.Seq("spec", "validations").Select(v => v.Str("expression")));

        // Plain names only (Velero reads includedNamespaces as glob patterns), mapping keys and values both checked,
        // no cluster-scoped resources and no resource modifiers but the portal's own ConfigMap.
        Assert.Contains("object.spec.includedNamespaces.all(n, n.matches(variables.plainName) && !n.startsWith('kube-')", expressions);
        Assert.Contains("object.spec.namespaceMapping.all(k, k.matches(variables.plainName) && !k.startsWith('kube-')", expressions);
        Assert.Contains("object.spec.namespaceMapping[k].matches(variables.plainName) && !object.spec.namespaceMapping[k].startsWith('kube-')", expressions);
        Assert.Contains("object.spec.includeClusterResources != true", expressions);
        Assert.Contains("!has(object.spec.resourceModifier) || (object.spec.resourceModifier.kind in ['ConfigMap', 'configmap']", expressions);
        Assert.Contains("object.spec.resourceModifier.name.startsWith('portal-restore-modifiers-')", expressions);
        var plain = policy.Seq("spec", "variables").Single(v => v.Str("name") == "plainName").Str("expression")!;
        var regex = new System.Text.RegularExpressions.Regex(plain.Trim('"', '\''));
        Assert.Matches(regex, "shop-frontend");
        Assert.DoesNotMatch(regex, "kube-syste?");
        Assert.DoesNotMatch(regex, "*");
    }

    [Fact]
    public void The_guard_policy_keeps_the_portals_velero_backups_and_schedules_to_one_tenant_namespace_or_cluster_resources()
    {
        var policy = Policy;
        foreach (var resource in new[] { "backups", "schedules" })
        {
            Assert.Contains(policy.Seq("spec", "matchConstraints", "resourceRules"), r =>
                r.Strings("apiGroups").Contains("velero.io") && r.Strings("resources").Contains(resource)
                && r.Strings("operations").Contains("CREATE") && r.Strings("operations").Contains("UPDATE"));
        }

        var variables = policy.Seq("spec", "variables").ToDictionary(v => v.Str("name")!, v => v.Str("expression")!);
        Assert.Contains("object.spec.template", variables["backupSpec"]);
        var rule = Assert.Single(policy.Seq("spec", "validations").Select(v => v.Str("expression")!), e => e.StartsWith("!variables.isBackup", StringComparison.Ordinal));

        // One namespace, by its plain name, not a system one; nothing cluster-wide with it; hooks only there.
        Assert.Contains("size(variables.backupSpec.includedNamespaces) == 1", rule);
        Assert.Contains("n.matches(variables.plainName) && !n.startsWith('kube-') && !(n in variables.systemNamespaces)", rule);
        Assert.Contains("variables.backupSpec.includeClusterResources != true", rule);
        Assert.Contains("!has(variables.backupSpec.includedClusterScopedResources)", rule);
        Assert.Contains("h.includedNamespaces == variables.backupSpec.includedNamespaces", rule);
        // Or cluster-scoped resources only: every namespaced type excluded, no namespace named, no hooks.
        Assert.Contains("variables.backupSpec.excludedNamespaceScopedResources == ['*']", rule);
        Assert.Contains("!has(variables.backupSpec.includedNamespaces) && !has(variables.backupSpec.hooks)", rule);
        Assert.Contains("!has(variables.backupSpec.includedNamespaceScopedResources) && !has(variables.backupSpec.includedResources)", rule);

        // The RoleBinding rules do not apply to Velero objects (they would refuse every Backup otherwise).
        Assert.All(policy.Seq("spec", "validations").Select(v => v.Str("expression")!).Where(e => e.Contains("roleRef") || e.Contains("namespaceObject")),
            e => Assert.Contains("variables.isBackup", e));
    }

    [Fact]
    public void The_guard_policy_refuses_exec_attach_portforward_and_changes_to_namespaces_the_portal_did_not_create()
    {
        var policy = Policy;
        Assert.Contains(policy.Seq("spec", "matchConstraints", "resourceRules"), r =>
            r.Strings("operations").SequenceEqual(["CONNECT"])
            && new[] { "pods/exec", "pods/attach", "pods/portforward" }.All(x => r.Strings("resources").Contains(x)));
        var validations = policy.Seq("spec", "validations").Select(v => v.Str("expression")!).ToList();
        Assert.Contains("!variables.isConnect", validations);
        Assert.Contains("!variables.isNamespace || request.operation != 'UPDATE' || (variables.wasPortals && variables.isPortals)", validations);
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
        }

        // Backups and Restores are written by server-side apply (a PATCH that creates: patch and create are both checked)
        Assert.True(Grants("velero.io", "backups", "patch"));
        Assert.True(Grants("velero.io", "restores", "patch"));
        Assert.False(Grants("velero.io", "deletebackuprequests", "patch"));

        foreach (var resource in new[] { "backupstoragelocations", "volumesnapshotlocations" })
        {
            Assert.True(Grants("velero.io", resource, "list"), $"velero.io {resource}: list");
            Assert.False(Grants("velero.io", resource, "create"), $"velero.io {resource} is read only");
            Assert.False(Grants("velero.io", resource, "delete"), $"velero.io {resource} is read only");
        }

        // A protection's one Schedule: written by server-side apply (create + patch), deleted on removal, followed
        // (list/watch); never updated, and only in Velero's namespace (the role above is the only one with velero.io).
        foreach (var verb in new[] { "get", "list", "watch", "create", "patch", "delete" })
        {
            Assert.True(Grants("velero.io", "schedules", verb), $"velero.io schedules: {verb}");
        }

        Assert.False(Grants("velero.io", "schedules", "update"));
        Assert.False(Grants("velero.io", "schedules", "deletecollection"));
        Assert.False(Grants("velero.io", "*", "create"));

        // A restore preview's DownloadRequest: made by server-side apply (patch + create), followed and removed; never
        // listed or updated
        foreach (var verb in new[] { "create", "patch", "get", "watch", "delete" })
        {
            Assert.True(Grants("velero.io", "downloadrequests", verb), $"velero.io downloadrequests: {verb}");
        }

        foreach (var verb in new[] { "list", "update", "deletecollection" })
        {
            Assert.False(Grants("velero.io", "downloadrequests", verb), $"velero.io downloadrequests must not grant {verb}");
        }

        // the restore resource modifiers' ConfigMaps: in Velero's namespace only, made by server-side apply and read by
        // name; never listed (the portal no longer looks for Velero's cluster-wide change-storage-class map), nor deleted
        Assert.All(Rules.Where(x => x.Rule.Strings("resources").Contains("configmaps")), x => Assert.Equal(role.Name(), x.Role.Name()));
        foreach (var verb in new[] { "get", "create", "patch" })
        {
            Assert.True(Grants("", "configmaps", verb), $"configmaps: {verb}");
        }

        foreach (var verb in new[] { "list", "watch", "update", "delete", "deletecollection" })
        {
            Assert.False(Grants("", "configmaps", verb), $"configmaps must not grant {verb}");
        }
    }

    [Fact]
    public void Cluster_scoped_reads_and_later_features_are_granted_as_documented()
    {
        Assert.True(GrantsIn("ClusterRole", "", "namespaces", "list"));
        Assert.True(GrantsIn("ClusterRole", "", "namespaces", "watch"));
        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshotclasses", "list"));
        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshots", "create"));
        Assert.True(GrantsIn("ClusterRole", "postgresql.cnpg.io", "clusters", "list"));
        Assert.True(GrantsIn("ClusterRole", "argoproj.io", "applications", "patch"));
        Assert.True(GrantsIn("ClusterRole", "kustomize.toolkit.fluxcd.io", "kustomizations", "patch"));
        // a restore freezes the HelmRelease that deploys into its target (suspend), and never creates or deletes one
        Assert.True(GrantsIn("ClusterRole", "helm.toolkit.fluxcd.io", "helmreleases", "list"));
        Assert.True(GrantsIn("ClusterRole", "helm.toolkit.fluxcd.io", "helmreleases", "patch"));
        Assert.False(Grants("helm.toolkit.fluxcd.io", "helmreleases", "create"));
        Assert.False(Grants("helm.toolkit.fluxcd.io", "helmreleases", "delete"));
        Assert.True(GrantsIn("ClusterRole", "apiextensions.k8s.io", "customresourcedefinitions", "list"));
        Assert.True(GrantsIn("ClusterRole", "networking.k8s.io", "ingressclasses", "list"));

        Assert.False(Grants("snapshot.storage.k8s.io", "volumesnapshotclasses", "create"));
        // the storage view: volumes read (in-tree or CSI), snapshot classes patched (one label or annotation), nothing more
        Assert.True(GrantsIn("ClusterRole", "", "persistentvolumes", "list"));
        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshotclasses", "patch"));
        foreach (var verb in new[] { "update", "delete", "deletecollection" })
            Assert.False(Grants("snapshot.storage.k8s.io", "volumesnapshotclasses", verb));
        // (patch of a volume's reclaim policy is the fast rollback's, guarded by the admission policy: asserted with the rollback)
        foreach (var verb in new[] { "create", "update", "delete" })
            Assert.False(Grants("", "persistentvolumes", verb));
        Assert.False(Grants("postgresql.cnpg.io", "backups", "delete"));
        Assert.False(Grants("batch", "jobs", "create"));
        Assert.False(Grants("apiextensions.k8s.io", "customresourcedefinitions", "create"));
    }

    [Fact]
    public void Snapshots_are_taken_in_tenant_namespaces_and_their_contents_and_volumes_only_read()
    {
        foreach (var verb in new[] { "get", "list", "watch", "create", "patch", "delete" })
        {
            Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshots", verb));
            Assert.True(GrantsIn("ClusterRole", "groupsnapshot.storage.k8s.io", "volumegroupsnapshots", verb));
        }

        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshotcontents", "get"));
        Assert.True(GrantsIn("ClusterRole", "snapshot.storage.k8s.io", "volumesnapshotcontents", "list"));
        Assert.True(GrantsIn("ClusterRole", "", "persistentvolumes", "get"));
        foreach (var verb in new[] { "create", "update", "patch", "delete" })
        {
            Assert.False(Grants("snapshot.storage.k8s.io", "volumesnapshotcontents", verb));
            Assert.False(Grants("groupsnapshot.storage.k8s.io", "volumegroupsnapshotcontents", verb));
            Assert.False(Grants("groupsnapshot.storage.k8s.io", "volumegroupsnapshotclasses", verb));
            if (verb != "patch") Assert.False(Grants("", "persistentvolumes", verb));
        }
        // Patch only, for a fast rollback's reclaim policy and claim reference, and only as the guard allows.
        Assert.True(GrantsIn("ClusterRole", "", "persistentvolumes", "patch"));
        Assert.Contains("persistentvolumes", File.ReadAllText(RepoRoot.Combine("deploy", "target-cluster-rbac", "namespace-guard-policy.yaml")));
    }

    [Fact]
    public void Migration_role_grants_exactly_namespaces_and_gitops_objects()
    {
        var role = Assert.Single(AllRoles, r => r.Name() == MigrationRole);
        string[] write = ["create", "update", "patch", "delete"];
        var expected = new HashSet<(string, string, string)>
        {
            ("source.toolkit.fluxcd.io", "gitrepositories", "get"), ("source.toolkit.fluxcd.io", "gitrepositories", "list"),
        };
        foreach (var (group, resource) in new[] { ("", "namespaces"), ("argoproj.io", "applications"),
                     ("kustomize.toolkit.fluxcd.io", "kustomizations"), ("source.toolkit.fluxcd.io", "gitrepositories") })
            foreach (var v in write)
                expected.Add((group, resource, v));

        Assert.Equal("ClusterRole", role.Kind());
        Assert.Equal(expected.Order(), Triples(role).Order());
        var binding = Assert.Single(Rendered.Value, d => d.Str("roleRef", "name") == MigrationRole);
        Assert.Equal("ClusterRoleBinding", binding.Kind());
    }

    [Fact]
    public void Protection_follower_may_list_and_watch_velero_collections_in_velero_namespace_only()
    {
        // The follower lists and watches Backups, Schedules and both kinds of locations in Velero's namespace, and nothing
        // else grants velero.io anywhere (checked by the Velero role test above).
        foreach (var resource in new[] { "backups", "schedules", "backupstoragelocations", "volumesnapshotlocations" })
        {
            foreach (var verb in new[] { "get", "list", "watch" })
            {
                Assert.True(GrantsIn("Role", "velero.io", resource, verb), $"velero.io {resource}: {verb}");
                Assert.False(GrantsIn("ClusterRole", "velero.io", resource, verb), $"velero.io {resource}: {verb} cluster-wide");
            }
        }
    }
}
