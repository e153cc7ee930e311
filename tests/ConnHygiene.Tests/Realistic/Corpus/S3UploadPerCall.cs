// Imitates: a document-storage service that creates an AmazonS3Client for every upload (AWS SDK look-alike types
// declared here with the real metadata names).
using System.IO;
using System.Threading.Tasks;
using Amazon.S3;

namespace Amazon.Runtime
{
    public abstract class AmazonServiceClient : System.IDisposable
    {
        public void Dispose() { }
    }
}

namespace Amazon.S3
{
    public sealed class PutObjectRequest
    {
        public string BucketName { get; set; } = string.Empty;
        public string Key { get; set; } = string.Empty;
        public Stream? InputStream { get; set; }
    }

    public sealed class AmazonS3Client : Amazon.Runtime.AmazonServiceClient
    {
        public Task PutObjectAsync(PutObjectRequest request) => Task.CompletedTask;
    }
}

namespace Documents.Storage
{
    public sealed class DocumentStore
    {
        public async Task SaveAsync(string key, Stream content)
        {
            using var s3 = new AmazonS3Client(); // expect: CH0020
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "documents", Key = key, InputStream = content });
        }
    }
}
