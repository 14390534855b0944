using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Store;

/// <summary>
/// The cluster's state: every object by resource, namespace and name, one global resourceVersion counter, and the
/// bounded event history watches replay from. One lock guards everything: simple, and fast enough for a simulator.
/// Objects handed out are always copies; objects given in are copied.
/// <para>
/// The public members are for tests and the demo seed: they take apiVersion/kind (or the object itself) and bypass
/// API semantics (validation, status subresource rules) but still stamp metadata and emit watch events.
/// </para>
/// </summary>
public sealed class SimulatorStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<StoreEvent> _history = new();
    private readonly List<WatchSubscription> _watchers = [];
    private long _resourceVersion;
    private long _historyStartsAfter;
    private int _historyLimit = 1000;

    public SimulatorStore(CrdCatalog catalog, TimeProvider? time = null)
    {
        Catalog = catalog;
        Time = time ?? TimeProvider.System;
    }

    public CrdCatalog Catalog { get; }

    public TimeProvider Time { get; }

    /// <summary>The latest resourceVersion handed out.</summary>
    public long ResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    /// <summary>How many events watches can replay. Lower it in tests to provoke 410 Expired.</summary>
    public int HistoryLimit
    {
        get { lock (_gate) return _historyLimit; }
        set
        {
            lock (_gate)
            {
                _historyLimit = Math.Max(0, value);
                TrimHistoryLocked();
            }
        }
    }

    /// <summary>Forgets all watch history: a watch from any resourceVersion older than now gets 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _historyStartsAfter = _resourceVersion;
        }
    }

    // ---- public convenience API (tests, seed) ----

    public JsonObject? Get(string apiVersion, string kind, string? ns, string name) => Get(Require(apiVersion, kind), ns, name);

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null) => List(Require(apiVersion, kind), ns).Items;

    /// <summary>Creates or overwrites the object (apiVersion, kind, metadata.name and, if namespaced, metadata.namespace required).</summary>
    public JsonObject Put(JsonNode obj)
    {
        var o = obj as JsonObject ?? throw new ArgumentException("object expected", nameof(obj));
        var def = Require(o.StringProperty("apiVersion") ?? "", o.StringProperty("kind") ?? "");
        lock (_gate)
        {
            var existing = Find(def, JsonHelpers.NamespaceOf(o), JsonHelpers.NameOf(o) ?? "");
            return existing is null ? Create(def, o) : Update(def, o, expectedResourceVersion: null);
        }
    }

    /// <summary>Like <see cref="Put"/> for a new object but keeps its metadata.creationTimestamp (seeded history).</summary>
    internal JsonObject Seed(JsonObject obj) =>
        Create(Require(obj.StringProperty("apiVersion") ?? "", obj.StringProperty("kind") ?? ""), obj, keepCreationTimestamp: true);

    public JsonObject? Delete(string apiVersion, string kind, string? ns, string name)
    {
        var def = Require(apiVersion, kind);
        return Find(def, ns, name) is null ? null : Delete(def, ns, name);
    }

    // ---- API operations (used by the handlers and the controller) ----

    internal JsonObject? Get(ResourceDefinition def, string? ns, string name)
    {
        lock (_gate) return Find(def, ns, name)?.CloneObject();
    }

    internal (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ResourceDefinition def, string? ns)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(def.StoreKey, out var all)) return ([], _resourceVersion);
            var items = all.Values.Where(o => ns is null || JsonHelpers.NamespaceOf(o) == ns).Select(o => o.CloneObject()).ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Namespaces that currently hold at least one object of any kind (used by namespace deletion and backups).</summary>
    internal IReadOnlyList<(string StoreKey, JsonObject Object)> AllInNamespace(string ns)
    {
        lock (_gate)
        {
            return _objects.SelectMany(kv => kv.Value.Values.Where(o => JsonHelpers.NamespaceOf(o) == ns).Select(o => (kv.Key, o.CloneObject()))).ToList();
        }
    }

    /// <param name="keepCreationTimestamp">Seeded history (old backups) keeps its timestamps; API creates never do.</param>
    internal JsonObject Create(ResourceDefinition def, JsonObject input, bool keepCreationTimestamp = false)
    {
        var obj = input.CloneObject();
        lock (_gate)
        {
            var meta = obj.Metadata();
            if (meta.StringProperty("name") is not { Length: > 0 })
            {
                var prefix = meta.StringProperty("generateName") ?? throw new ApiException(422, "Invalid", "name or generateName is required");
                string candidate;
                do candidate = ObjectMetadata.GenerateName(prefix);
                while (Find(def, JsonHelpers.NamespaceOf(obj), candidate) is not null);
                meta["name"] = candidate;
            }
            var name = meta.StringProperty("name")!;
            var ns = def.Namespaced ? JsonHelpers.NamespaceOf(obj) : null;
            if (!def.Namespaced) meta.Remove("namespace");
            if (Find(def, ns, name) is not null) throw ApiException.AlreadyExists(def.QualifiedResource, name);
            ObjectMetadata.StampNew(obj, Time.GetUtcNow(), keepCreationTimestamp);
            Bucket(def.StoreKey)[Key(ns, name)] = obj;
            Commit("ADDED", def.StoreKey, ns, obj);
            return obj.CloneObject();
        }
    }

    /// <summary>Replaces the stored object. A non-null <paramref name="expectedResourceVersion"/> must match (else 409).</summary>
    internal JsonObject Update(ResourceDefinition def, JsonObject input, string? expectedResourceVersion)
    {
        var obj = input.CloneObject();
        lock (_gate)
        {
            var name = JsonHelpers.NameOf(obj) ?? "";
            var ns = def.Namespaced ? JsonHelpers.NamespaceOf(obj) : null;
            var stored = Find(def, ns, name) ?? throw ApiException.NotFound(def.QualifiedResource, name);
            if (expectedResourceVersion is not null && expectedResourceVersion != stored["metadata"].StringProperty("resourceVersion"))
            {
                throw ApiException.Conflict(def.QualifiedResource, name);
            }
            ObjectMetadata.CarryOver(stored, obj);
            obj.Metadata()["resourceVersion"] = stored["metadata"].StringProperty("resourceVersion");
            if (ObjectMetadata.SameContent(stored, obj)) return stored.CloneObject();
            Bucket(def.StoreKey)[Key(ns, name)] = obj;
            Commit("MODIFIED", def.StoreKey, ns, obj);
            if (ObjectMetadata.LastFinalizerRemoved(stored, obj))
            {
                // a deletion that waited for its finalizers completes with the update that removes the last one
                Bucket(def.StoreKey).Remove(Key(ns, name));
                Commit("DELETED", def.StoreKey, ns, obj);
            }
            return obj.CloneObject();
        }
    }

    /// <summary>Atomic read-modify-write: <paramref name="change"/> edits a copy and returns whether to save it.</summary>
    internal JsonObject? Mutate(ResourceDefinition def, string? ns, string name, Func<JsonObject, bool> change)
    {
        lock (_gate)
        {
            var stored = Find(def, ns, name);
            if (stored is null) return null;
            var copy = stored.CloneObject();
            return change(copy) ? Update(def, copy, expectedResourceVersion: null) : copy;
        }
    }

    internal JsonObject Delete(ResourceDefinition def, string? ns, string name)
    {
        lock (_gate)
        {
            var key = Key(def.Namespaced ? ns : null, name);
            if (!_objects.TryGetValue(def.StoreKey, out var bucket) || !bucket.Remove(key, out var removed))
            {
                throw ApiException.NotFound(def.QualifiedResource, name);
            }
            Commit("DELETED", def.StoreKey, def.Namespaced ? ns : null, removed);
            return removed.CloneObject();
        }
    }

    /// <summary>Deletes every namespaced object in <paramref name="ns"/> (namespace deletion).</summary>
    internal int DeleteAllInNamespace(string ns)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var (storeKey, bucket) in _objects)
            {
                foreach (var (key, obj) in bucket.Where(kv => JsonHelpers.NamespaceOf(kv.Value) == ns).ToList())
                {
                    bucket.Remove(key);
                    Commit("DELETED", storeKey, ns, obj);
                    count++;
                }
            }
            return count;
        }
    }

    /// <summary>
    /// Starts a watch. Without a resourceVersion (or "0") the current objects arrive first as ADDED; with one,
    /// the kept history after it is replayed, or 410 Expired is thrown when that history is gone.
    /// </summary>
    internal WatchSubscription Watch(ResourceDefinition def, string? ns, string? resourceVersion)
    {
        lock (_gate)
        {
            var sub = new WatchSubscription(def.StoreKey, ns, Unregister);
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                if (_objects.TryGetValue(def.StoreKey, out var bucket))
                {
                    foreach (var obj in bucket.Values.Where(o => ns is null || JsonHelpers.NamespaceOf(o) == ns))
                    {
                        sub.Push(new StoreEvent("ADDED", def.StoreKey, JsonHelpers.NamespaceOf(obj), _resourceVersion, obj.ToJsonString()));
                    }
                }
            }
            else
            {
                if (!long.TryParse(resourceVersion, out var from)) throw ApiException.BadRequest($"invalid resource version: {resourceVersion}");
                if (from < _historyStartsAfter)
                {
                    throw ApiException.Gone($"too old resource version: {from} ({_historyStartsAfter + 1})");
                }
                foreach (var e in _history.Where(e => e.ResourceVersion > from && sub.Matches(e))) sub.Push(e);
            }
            _watchers.Add(sub);
            return sub;
        }
    }

    private void Unregister(WatchSubscription sub)
    {
        lock (_gate) _watchers.Remove(sub);
    }

    private void Commit(string type, string storeKey, string? ns, JsonObject obj)
    {
        var rv = ++_resourceVersion;
        obj.Metadata()["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var e = new StoreEvent(type, storeKey, ns, rv, obj.ToJsonString());
        _history.AddLast(e);
        TrimHistoryLocked();
        foreach (var w in _watchers.Where(w => w.Matches(e))) w.Push(e);
    }

    private void TrimHistoryLocked()
    {
        while (_history.Count > _historyLimit)
        {
            _historyStartsAfter = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }
    }

    private JsonObject? Find(ResourceDefinition def, string? ns, string name) =>
        _objects.TryGetValue(def.StoreKey, out var bucket) && bucket.TryGetValue(Key(def.Namespaced ? ns : null, name), out var o) ? o : null;

    private SortedDictionary<string, JsonObject> Bucket(string storeKey)
    {
        if (!_objects.TryGetValue(storeKey, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[storeKey] = bucket;
        }
        return bucket;
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private ResourceDefinition Require(string apiVersion, string kind) =>
        Catalog.Find(apiVersion, kind) ?? throw new ArgumentException($"unknown resource {apiVersion} {kind}");
}
