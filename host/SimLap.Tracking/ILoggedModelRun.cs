namespace SimLap.Tracking;

/// <summary>A run whose store keeps MLflow 3 logged models (a local store's run, a server's run).</summary>
public interface ILoggedModelRun
{
    /// <summary>Where the run's logged models go; null when the store cannot take one now (a server run that only spools).</summary>
    ILoggedModelStore? LoggedModels { get; }
}
