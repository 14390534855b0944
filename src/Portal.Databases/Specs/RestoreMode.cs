namespace Portal.Databases.Specs;

public enum RestoreMode
{
    /// <summary>Create the target database; refuse when it exists already.</summary>
    NewDatabase,

    /// <summary>Restore over an existing database (drops the dumped objects first).</summary>
    OverwriteExisting,
}
