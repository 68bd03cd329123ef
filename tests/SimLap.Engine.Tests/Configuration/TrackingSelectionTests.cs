using SimLap.Engine.Configuration;
using SimLap.Engine.Tests.TestSupport;
using SimLap.Tracking.Rest;

namespace SimLap.Engine.Tests.Configuration;

public sealed class TrackingSelectionTests
{
    [Fact]
    public void TrackingSelectionHttpUrisUseTheRestBackend()
    {
        var backend = TrackingSelection.Backend("http://127.0.0.1:1/", new RecordingLogger());

        var rest = Assert.IsType<RestTrackingBackend>(backend);
        Assert.Equal("http://127.0.0.1:1", rest.Description);
        Assert.Throws<SimLap.Engine.Configuration.ConfigurationException>(() => TrackingSelection.Backend("http://", new RecordingLogger()));
        rest.Dispose();
    }
}
