// Imitates: a log shipper that connects once per batch, writes every record of the batch over that one connection
// with a length prefix, and closes (correct: one connection, many messages).
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Logs.Shipper;

public sealed class BatchUploader
{
    private readonly string _host;
    private readonly int _port;

    public BatchUploader(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public async Task UploadAsync(IReadOnlyList<string> records)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host, _port);
        var stream = client.GetStream();
        var header = new byte[4];
        foreach (var record in records)
        {
            var payload = Encoding.UTF8.GetBytes(record);
            BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
            await stream.WriteAsync(header);
            await stream.WriteAsync(payload);
        }
    }
}
