using System.Net;
using System.Net.Sockets;

namespace RetentionKit.Tests.Sql;

/// <summary>Ports for the servers the tests start: free on 127.0.0.1 when asked (the system picks them).</summary>
internal static class Loopback
{
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
