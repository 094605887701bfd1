"""A local S3 for the deploy tests: moto's server on 127.0.0.1, with signatures and IAM
policies checked (INITIAL_NO_AUTH_ACTION_COUNT), so a request signed wrong is refused.

    s3-emulator.py serve PORT                       run the server (until killed)
    s3-emulator.py setup PORT BUCKET                a user allowed all of S3 but `deny/*`; prints KEY SECRET
    s3-emulator.py allow PORT                       lift the deny
    s3-emulator.py head PORT BUCKET KEY             prints the object's Content-Type and Cache-Control as JSON
    s3-emulator.py keys PORT BUCKET                 prints the bucket's keys as JSON
Setup's first requests are the unauthenticated ones moto allows; the rest use the user's keys.
"""
import json, os, sys

def client(service, port, key="root", secret="root"):
    import boto3
    return boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret)

def policy(deny):
    statements = [{"Effect": "Allow", "Action": ["s3:*", "iam:*"], "Resource": "*"}]
    if deny:
        statements.append({"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::*/deny/*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})

def keys_file(port):
    return f"/tmp/sitegen-s3-emulator-{port}.json"

cmd, port = sys.argv[1], sys.argv[2]
if cmd == "serve":
    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "4"
    from moto.server import main
    main(["-H", "127.0.0.1", "-p", port])
elif cmd == "setup":
    iam = client("iam", port)
    iam.create_user(UserName="deployer")
    iam.put_user_policy(UserName="deployer", PolicyName="site", PolicyDocument=policy(deny=True))
    made = iam.create_access_key(UserName="deployer")["AccessKey"]
    key, secret = made["AccessKeyId"], made["SecretAccessKey"]
    client("s3", port, key, secret).create_bucket(Bucket=sys.argv[3])
    json.dump([key, secret], open(keys_file(port), "w"))
    print(key, secret)
else:
    key, secret = json.load(open(keys_file(port)))
    if cmd == "allow":
        client("iam", port, key, secret).put_user_policy(UserName="deployer", PolicyName="site", PolicyDocument=policy(deny=False))
    elif cmd == "head":
        head = client("s3", port, key, secret).head_object(Bucket=sys.argv[3], Key=sys.argv[4])
        print(json.dumps({"type": head["ContentType"], "cache": head.get("CacheControl", "")}))
    elif cmd == "keys":
        pages = client("s3", port, key, secret).get_paginator("list_objects_v2").paginate(Bucket=sys.argv[3])
        print(json.dumps(sorted(o["Key"] for p in pages for o in p.get("Contents", []))))
