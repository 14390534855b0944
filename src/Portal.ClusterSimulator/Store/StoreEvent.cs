namespace Portal.ClusterSimulator.Store;

/// <summary>
/// One change recorded by the store, kept in the watch history. The object is kept serialized: JsonNode trees are
/// not safe to share between threads, while a string is, and each watcher parses its own copy.
/// </summary>
internal sealed record StoreEvent(string Type, string StoreKey, string? Namespace, long ResourceVersion, string ObjectJson);
