namespace SimLap.Tracking;

/// <summary>MLflow's Model Registry: named models whose versions point at logged models.</summary>
public interface IModelRegistry
{
    /// <summary>
    /// Registers a new version of <paramref name="name"/> (creating the registered model when there is none) from
    /// <paramref name="model"/> (source <c>models:/&lt;model_id&gt;</c>), points <paramref name="alias"/> at it when
    /// given, and returns the version number.
    /// </summary>
    string Register(string name, StoredLoggedModel model, string? alias);
}
