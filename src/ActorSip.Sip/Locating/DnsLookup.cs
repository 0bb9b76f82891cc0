using System.Net.Sockets;
using DnsClient;

namespace ActorSip.Sip.Locating;

/// <summary>Runs one query through DnsClient and maps every way it can end to a <see cref="DnsAnswer"/>.</summary>
internal sealed class DnsLookup(IDnsQuery client)
{
    public async Task<DnsAnswer> QueryAsync(string name, QueryType type, CancellationToken ct)
    {
        try
        {
            var response = await client.QueryAsync(name, type, QueryClass.IN, ct).ConfigureAwait(false);
            if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
            {
                return new DnsAnswer(name, DnsAnswerStatus.NameNotFound, [], $"{type} {name}: no such domain (NXDOMAIN)");
            }

            if (response.HasError)
            {
                return new DnsAnswer(name, DnsAnswerStatus.Error, [], $"{type} {name}: {response.ErrorMessage}");
            }

            var records = response.Answers;
            var detail = records.Count == 0 ? $"{type} {name}: no records" : "";
            return new DnsAnswer(name, DnsAnswerStatus.Answered, records, detail);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new DnsAnswer(name, DnsAnswerStatus.Timeout, [], $"{type} {name}: DNS server did not answer ({ex.Message})");
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.NotExistentDomain)
        {
            return new DnsAnswer(name, DnsAnswerStatus.NameNotFound, [], $"{type} {name}: no such domain (NXDOMAIN)");
        }
        catch (DnsResponseException ex)
        {
            return new DnsAnswer(name, DnsAnswerStatus.Error, [], $"{type} {name}: {ex.Message}");
        }
        catch (TimeoutException ex)
        {
            return new DnsAnswer(name, DnsAnswerStatus.Timeout, [], $"{type} {name}: DNS server did not answer ({ex.Message})");
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // Not our caller's token: the library gave up waiting.
            return new DnsAnswer(name, DnsAnswerStatus.Timeout, [], $"{type} {name}: DNS server did not answer ({ex.Message})");
        }
        catch (SocketException ex)
        {
            return new DnsAnswer(name, DnsAnswerStatus.Error, [], $"{type} {name}: {ex.Message}");
        }
    }
}
