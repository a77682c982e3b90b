using System.Net;

namespace MailHub.Mail.Smtp.Server.Transport;

/// <summary>Counts open connections in all and per client address, for the limits checked at connect.</summary>
internal sealed class ConnectionCounter(int maxTotal, int maxPerAddress)
{
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>Counts the connection in; false (and not counted) when a limit is reached.</summary>
    public bool TryEnter(IPAddress client)
    {
        lock (_lock)
        {
            var current = _perAddress.GetValueOrDefault(client);
            if (_total >= maxTotal || current >= maxPerAddress)
            {
                return false;
            }

            _total++;
            _perAddress[client] = current + 1;
            return true;
        }
    }

    public void Leave(IPAddress client)
    {
        lock (_lock)
        {
            _total--;
            var current = _perAddress.GetValueOrDefault(client) - 1;
            if (current <= 0)
            {
                _perAddress.Remove(client);
            }
            else
            {
                _perAddress[client] = current;
            }
        }
    }
}
