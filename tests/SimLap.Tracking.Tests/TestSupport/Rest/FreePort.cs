using System.Net;
using System.Net.Sockets;

namespace SimLap.Tracking.Tests.Rest;

/// <summary>A free TCP port on 127.0.0.1.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
