namespace SimLap.Tracking;

/// <summary>What a logged model is created with.</summary>
/// <param name="Name">Its name (no '/', ':', '.', '%', quotes: MLflow refuses them).</param>
/// <param name="ModelType">Its type, shown on the model page.</param>
/// <param name="Params">Its params (each logged once).</param>
/// <param name="Tags">Its tags.</param>
public sealed record LoggedModelSpec(string Name, string ModelType, IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, string> Tags);
