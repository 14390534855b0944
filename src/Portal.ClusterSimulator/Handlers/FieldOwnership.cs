using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// Field ownership as kube-apiserver keeps it in <c>metadata.managedFields</c>: every write records which manager set
/// which fields (operation <c>Update</c> for create/PUT/patch, <c>Apply</c> for server-side apply); an apply that sets
/// a field another manager owns to another value is a 409 Conflict naming that manager and field, unless forced (then
/// the field changes hands); a field the applier owned and no longer applies is removed unless someone else owns it.
/// <para>
/// One simplification: lists are owned as a whole (as on a custom resource without <c>x-kubernetes-list-type</c>),
/// where the real server merges the built-ins' keyed lists (containers by name) item by item.
/// </para>
/// </summary>
internal static class FieldOwnership
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    /// <summary>Metadata the server owns or that names the object; never part of a manager's field set.</summary>
    private static readonly HashSet<string> OwnedMetadata = new(StringComparer.Ordinal) { "labels", "annotations", "finalizers", "ownerReferences" };

    private sealed record Entry(string Manager, string Operation, string ApiVersion, string? Subresource, string Time, SortedSet<string> Fields)
    {
        public string Time { get; set; } = Time;

        public bool Is(string manager, string operation, string? subresource) =>
            Manager == manager && Operation == operation && Subresource == subresource;
    }

    /// <summary>Records a create, PUT or non-apply patch by <paramref name="manager"/>: the fields whose value it changed
    /// become its own (and nobody else's); fields that no longer exist are owned by nobody.</summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string apiVersion, string? subresource,
        bool hasStatusSubresource, DateTimeOffset now)
    {
        var entries = before is null ? [] : Read(before);
        var afterFields = Leaves(after, subresource, hasStatusSubresource);
        var changed = before is null
            ? afterFields
            : new SortedSet<string>(afterFields.Union(Leaves(before, subresource, hasStatusSubresource))
                .Where(p => !JsonNode.DeepEquals(At(before, p), At(after, p))), StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            entry.Fields.RemoveWhere(p => changed.Any(c => Related(c, p)));
        }

        if (changed.Count > 0)
        {
            var mine = entries.FirstOrDefault(e => e.Is(manager, UpdateOperation, subresource));
            if (mine is null)
            {
                mine = new Entry(manager, UpdateOperation, apiVersion, subresource, "", new SortedSet<string>(StringComparer.Ordinal));
                entries.Add(mine);
            }

            mine.Fields.UnionWith(changed.Where(afterFields.Contains));
            mine.Time = JsonHelpers.Timestamp(now);
        }

        Write(after, entries);
    }

    /// <summary>
    /// Server-side apply of <paramref name="config"/> over <paramref name="live"/> by <paramref name="manager"/>: the
    /// merged object with the applier's field set recorded. Throws 409 Conflict when another manager owns a field the
    /// configuration sets to another value and <paramref name="force"/> is false.
    /// </summary>
    public static JsonObject Apply(JsonObject live, JsonObject config, string manager, bool force, string apiVersion,
        bool hasStatusSubresource, DateTimeOffset now)
    {
        var entries = Read(live);
        var applied = Leaves(config, null, hasStatusSubresource);
        var others = entries.Where(e => !e.Is(manager, ApplyOperation, null) && e.Subresource is null).ToList();
        var conflicts = new List<(Entry Owner, string Field)>();
        foreach (var owner in others)
        {
            foreach (var field in owner.Fields)
            {
                if (applied.Any(a => Related(a, field) && Differs(live, config, a, field)))
                {
                    conflicts.Add((owner, field));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw ConflictError(conflicts);
        }

        foreach (var (owner, field) in conflicts)
        {
            owner.Fields.Remove(field); // forced: the field changes hands
        }

        var mine = entries.FirstOrDefault(e => e.Is(manager, ApplyOperation, null));
        var dropped = mine is null
            ? []
            : mine.Fields.Where(p => !applied.Any(a => Related(a, p)) && !others.Any(o => o.Fields.Any(q => Related(q, p)))).ToList();
        var merged = live.CloneObject();
        Merge(merged, config);
        foreach (var path in dropped)
        {
            RemoveAt(merged, path);
        }

        if (mine is null)
        {
            mine = new Entry(manager, ApplyOperation, apiVersion, null, "", applied);
            entries.Add(mine);
        }
        else
        {
            mine.Fields.Clear();
            mine.Fields.UnionWith(applied);
        }

        mine.Time = JsonHelpers.Timestamp(now);
        Write(merged, entries);
        return merged;
    }

    /// <summary>The created object's field set: all of the applied configuration, owned by the applier.</summary>
    public static void RecordApplyCreate(JsonObject created, JsonObject config, string manager, string apiVersion,
        bool hasStatusSubresource, DateTimeOffset now) =>
        Write(created, [new Entry(manager, ApplyOperation, apiVersion, null, JsonHelpers.Timestamp(now), Leaves(config, null, hasStatusSubresource))]);

    /// <summary>The leaf paths (JSON pointers) an object sets; an empty map and a list count as one leaf.</summary>
    internal static SortedSet<string> Leaves(JsonObject obj, string? subresource, bool hasStatusSubresource)
    {
        var leaves = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            var include = subresource == "status"
                ? key == "status"
                : key is not ("apiVersion" or "kind") && !(key == "status" && hasStatusSubresource);
            if (!include)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, v) in metadata.Where(p => OwnedMetadata.Contains(p.Key)))
                {
                    Collect(v, "/metadata/" + Escape(field), leaves);
                }
            }
            else if (key != "metadata")
            {
                Collect(value, "/" + Escape(key), leaves);
            }
        }

        return leaves;
    }

    private static void Collect(JsonNode? node, string path, SortedSet<string> into)
    {
        if (node is JsonObject o && o.Count > 0)
        {
            foreach (var (key, value) in o)
            {
                Collect(value, path + "/" + Escape(key), into);
            }
        }
        else
        {
            into.Add(path);
        }
    }

    /// <summary>Whether two paths touch: equal, or one inside the other.</summary>
    private static bool Related(string a, string b) =>
        a == b || a.StartsWith(b + "/", StringComparison.Ordinal) || b.StartsWith(a + "/", StringComparison.Ordinal);

    /// <summary>A conflict: at the shorter of the two related paths, the live value and the applied one differ (a map
    /// holding the other's field is compared field by field instead, by the deeper path).</summary>
    private static bool Differs(JsonObject live, JsonObject config, string applied, string owned)
    {
        var at = applied.Length <= owned.Length ? applied : owned;
        var liveValue = At(live, at);
        var appliedValue = At(config, at);
        if (applied != owned && liveValue is JsonObject && appliedValue is JsonObject)
        {
            var deeper = applied.Length > owned.Length ? applied : owned;
            return At(live, deeper) is { } l && At(config, deeper) is { } c && !JsonNode.DeepEquals(l, c);
        }

        return !JsonNode.DeepEquals(liveValue, appliedValue);
    }

    private static ApiException ConflictError(List<(Entry Owner, string Field)> conflicts)
    {
        static string Who(Entry e) => e.Operation == ApplyOperation ? $"\"{e.Manager}\"" : $"\"{e.Manager}\" using {e.ApiVersion}";
        var count = conflicts.Count == 1 ? "1 conflict" : $"{conflicts.Count} conflicts";
        var lines = conflicts.GroupBy(c => Who(c.Owner)).Select(g => g.Count() == 1
            ? $"conflict with {g.Key}: {Dotted(g.First().Field)}"
            : $"conflicts with {g.Key}:\n" + string.Join("\n", g.Select(c => "- " + Dotted(c.Field))));
        var causes = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with {Who(c.Owner)}",
            ["field"] = Dotted(c.Field),
        }).ToArray());
        return new ApiException(409, "Conflict", $"Apply failed with {count}: " + string.Join("\n", lines), new JsonObject { ["causes"] = causes });
    }

    private static string Dotted(string pointer) =>
        string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => "." + Unescape(s)));

    private static void Merge(JsonObject target, JsonObject config)
    {
        foreach (var (key, value) in config)
        {
            if (target[key] is JsonObject t && value is JsonObject v)
            {
                Merge(t, v);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static JsonNode? At(JsonObject obj, string pointer)
    {
        JsonNode? node = obj;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(Unescape(segment), out node))
            {
                return null;
            }
        }

        return node;
    }

    private static void RemoveAt(JsonObject obj, string pointer)
    {
        var segments = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Unescape).ToArray();
        JsonNode? node = obj;
        foreach (var segment in segments[..^1])
        {
            node = (node as JsonObject)?[segment];
        }

        (node as JsonObject)?.Remove(segments[^1]);
    }

    private static List<Entry> Read(JsonObject obj)
    {
        var entries = new List<Entry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            var fields = new SortedSet<string>(StringComparer.Ordinal);
            if (item["fieldsV1"] is JsonObject v1)
            {
                FromFieldsV1(v1, "", fields);
            }

            entries.Add(new Entry(item.StringProperty("manager") ?? "", item.StringProperty("operation") ?? UpdateOperation, item.StringProperty("apiVersion") ?? "",
                item.StringProperty("subresource"), item.StringProperty("time") ?? "", fields));
        }

        return entries;
    }

    private static void Write(JsonObject obj, List<Entry> entries)
    {
        var kept = entries.Where(e => e.Fields.Count > 0).ToList();
        if (kept.Count == 0)
        {
            obj.Metadata().Remove("managedFields");
            return;
        }

        obj.Metadata()["managedFields"] = new JsonArray(kept.Select(e =>
        {
            var item = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = ToFieldsV1(e.Fields),
            };
            if (e.Subresource is not null) item["subresource"] = e.Subresource;
            return (JsonNode)item;
        }).ToArray());
    }

    /// <summary><c>{"f:spec":{"f:replicas":{}}}</c> from <c>/spec/replicas</c>.</summary>
    private static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = "f:" + Unescape(segment);
                if (node[key] is not JsonObject next)
                {
                    next = new JsonObject();
                    node[key] = next;
                }

                node = next;
            }
        }

        return root;
    }

    private static void FromFieldsV1(JsonObject node, string path, SortedSet<string> into)
    {
        var children = node.Where(p => p.Key.StartsWith("f:", StringComparison.Ordinal)).ToList();
        if (children.Count == 0)
        {
            if (path.Length > 0) into.Add(path);
            return;
        }

        foreach (var (key, value) in children)
        {
            FromFieldsV1(value as JsonObject ?? new JsonObject(), path + "/" + Escape(key[2..]), into);
        }
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
