using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>
/// A small Language Server Protocol client over a server's stdio: JSON-RPC 2.0 messages framed by a
/// <c>Content-Length</c> header. It answers the server's requests an editor must answer (<c>workspace/configuration</c>
/// from <see cref="Settings"/>, capability registrations), keeps the server's standard error for failure messages, and
/// kills the server's process tree when disposed, whatever state it is in.
/// </summary>
internal sealed class LanguageServerClient : IAsyncDisposable
{
    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();

    private readonly Process _process;
    private readonly Stream _toServer;
    private readonly Stream _fromServer;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly StringBuilder _standardError = new();
    private readonly Task _readLoop;
    private long _nextId;

    private LanguageServerClient(Process process, JsonObject settings)
    {
        _process = process;
        Settings = settings;
        _toServer = process.StandardInput.BaseStream;
        _fromServer = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_standardError)
                {
                    _standardError.AppendLine(line);
                }
            }
        };
        process.BeginErrorReadLine();
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>The settings the client gives the server, by section (e.g. <c>{"csharp": {"analyzersEnabled": true}}</c>).</summary>
    public JsonObject Settings { get; }

    public int ProcessId => _process.Id;

    public string StandardError
    {
        get
        {
            lock (_standardError)
            {
                return _standardError.ToString();
            }
        }
    }

    public static LanguageServerClient Start(ProcessStartInfo startInfo, JsonObject settings)
    {
        var process = new Process { StartInfo = startInfo };
        process.Start();
        return new LanguageServerClient(process, settings);
    }

    /// <summary>Sends a request and waits for its result; an error response or the server's exit throws.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        try
        {
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }, cancellationToken).ConfigureAwait(false);
            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
        => SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters }, cancellationToken);

    /// <summary>Asks the server to shut down and exit, then kills whatever is left of its process tree.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using var polite = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await RequestAsync("shutdown", null, polite.Token).ConfigureAwait(false);
                await NotifyAsync("exit", null, polite.Token).ConfigureAwait(false);
                await _process.WaitForExitAsync(polite.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // It did not exit by itself in time (or was gone already): the kill below ends it.
        }
        finally
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            _process.WaitForExit(10_000);
            _process.Dispose();
            _writeLock.Dispose();
        }

        await Task.WhenAny(_readLoop, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _toServer.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await _toServer.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await _toServer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason = new IOException("the language server closed its output");
        try
        {
            while (await ReadMessageAsync().ConfigureAwait(false) is { } message)
            {
                await DispatchAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            reason = e;
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new IOException("no response: " + reason.Message + "\n" + StandardError, reason));
        }
    }

    /// <summary>One message: headers up to an empty line, then exactly Content-Length bytes of JSON. Null at end of stream.</summary>
    private async Task<JsonNode?> ReadMessageAsync()
    {
        var header = new List<byte>();
        var one = new byte[1];
        while (header.Count < 4 || !header.GetRange(header.Count - 4, 4).ToArray().AsSpan().SequenceEqual(s_headerEnd))
        {
            if (await _fromServer.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                return null;
            }

            header.Add(one[0]);
            if (header.Count > 8192)
            {
                throw new FormatException("LSP header longer than 8 KiB");
            }
        }

        var length = -1;
        foreach (var line in Encoding.ASCII.GetString(header.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.Substring(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line.Substring(colon + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new FormatException("LSP message without Content-Length: " + Encoding.ASCII.GetString(header.ToArray()));
        }

        var body = new byte[length];
        await _fromServer.ReadExactlyAsync(body).ConfigureAwait(false);
        return JsonNode.Parse(body);
    }

    private async Task DispatchAsync(JsonNode message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is null && id is not null)
        {
            if (_pending.TryGetValue(id.GetValue<long>(), out var completion))
            {
                if (message["error"] is { } error)
                {
                    completion.TrySetException(new InvalidOperationException("LSP error response: " + error.ToJsonString()));
                }
                else
                {
                    completion.TrySetResult(message["result"]?.DeepClone());
                }
            }
        }
        else if (method is not null && id is not null)
        {
            // A request from the server: answer as an editor would, so that it never waits on us.
            var result = method == "workspace/configuration" ? Configuration(message["params"]?["items"] as JsonArray) : null;
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>workspace/configuration</c> answer: per item, the settings of its section (all of them without one).</summary>
    private JsonArray Configuration(JsonArray? items)
    {
        var answer = new JsonArray();
        foreach (var item in items ?? [])
        {
            var section = item?["section"]?.GetValue<string>();
            answer.Add(section is null ? Settings.DeepClone() : Settings[section]?.DeepClone());
        }

        return answer;
    }
}
