namespace SimLap.Tracking.Rest;

/// <summary>A backend that writes to an MLflow tracking server: what readers of the same server (sweep status, compare) reuse.</summary>
public interface IServerBackend : ITrackingBackend
{
    /// <summary>The REST client, with the server's address and credentials.</summary>
    MlflowRestClient Client { get; }
}
