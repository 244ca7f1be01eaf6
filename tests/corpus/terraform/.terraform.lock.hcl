# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/datadog/datadog" {
  version     = "3.39.0"
  constraints = "3.39.0"
  hashes = [
    "h1:JrrxCgNTN6GWnz1AgIEbNxhFVSn1LJKL9qcWEqgmEUo=",
    "h1:0OwVi0CdcQEVjxPepyVxT8OuIS7PSvDyt8+8yZkhomU=",
    "zh:554e32a97bc9d25b8ee2e946c808d876c564a7f817d068d50dfb6e7f073435e1",
    "zh:4a5786ada93b41f681e685784bd8ed508a43bd4ba078d5cbd850943134f7189b",
    "zh:95ccee9e2465de138847a837658e16b2677be707fe4f616814f8455d7c62cafe",
    "zh:6b4b68cd476cdb1ac9baef46adda346638381d85fce9158e8f5ae760eb13314c",
    "zh:1ea8a15afa52545ec1c1f9615fea7e541a3a5163e497775d46167233817509cc",
    "zh:f756d652b78c6337eb936ed532a8ce45f228f27c9d161c975e828cea3a2602b2",
    "zh:a93e0db10e9f37e8c9ef61c833b56d26b39b9b4968801332689d6a805f9cd5bc",
    "zh:ccdda0cdfb9988f9579e4de1954ae3d07d06d60e4c33bc06888459c709df8e0c",
    "zh:ffd500c947c748b4f3da190d52cb1716a0a77844103ca6b78c20a306952de72d",
    "zh:cbfdcc5f88c3d3b9df04224cb798ea0e29aec87d1ebcff7993c845f63ffd21fa",
    "zh:137d1d2f0072c5eacb7858587d1aef0945a1b94d089ab3111315238181dc26d0",
    "zh:eb6fe572b497fcffc29da25f65a2a6cbdc6fb2b08b3eec1f624006eb5f090d30",
  ]
}

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.54.1"
  constraints = "~> 5.50"
  hashes = [
    "h1:VdCQxfQ+R9b/g8vy9cHyNVeo/bgF+6+g0cK4PosPDkI=",
    "h1:M3CX0yLLnV0dJRlCXScuSR3Rtn7CmxmnvcNr0NiFRwk=",
    "zh:f8a3aec5a1c0882198cbc0c083da4a1b18d7bbdd7456c1df27b81c5ad92be034",
    "zh:0cf6aad30ba2c4569b0bf05840d3033cef1941be87677236fb7c751e95439f90",
    "zh:9a2c268b3fd3878c089dfd3499ddbf799a9a3faecc138880f29ceaf2c899cc8f",
    "zh:090e55fdb123ce0879638d3dc95d33bfece7ff1b97cebc4f95fafee44b625208",
    "zh:9b7c2ae8df0abe221234a6beeaf2a078ddebe5dbea1f3a4e45fe6d3fdb43b8b6",
    "zh:8a96bec4200b3109c8bdaae91f187b58ef21c0d6291a41c8e3922f2c5413e418",
    "zh:a1653d646cc8e479126f59169bd2013ea2e7b30af2e5aa6410e335934c35ea44",
    "zh:51e1cf1b495392137bdfad27c0ea51147388622f1525a342d0e6d0932a5fc91f",
    "zh:621d27919982e61f2b763c8b948c21725bf9ff672b6976463f76b33824e8e98d",
    "zh:ac520ed10be729450d4df885db39113a6d8f5f663fc175ec44c30f92948b8098",
    "zh:f6b4eafdb0027412cb5f03d3679f9314801922b3f1bf4c11b2813b708536e208",
    "zh:5c766e9d0614e7f20a10f7226d1475c893a21ff6cd26cd238ad52cb6fd0852af",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version     = "3.6.2"
  constraints = ">= 3.0.0"
  hashes = [
    "h1:mw+dd3FAuH1VVuQOXAe6s9M4IhRptcb3VuQ1yaRJvZE=",
    "h1:0+1LZ0xyJ3GeNzDrpWb8nswrziD3uMDGs0FxnFO0Uxg=",
    "zh:2554b9589a5090fed3624de1fb598b6375cb430c9541dac005c52d890bccdd75",
    "zh:e6b017bc48fbf880d990b8ff6d8dca9aad84944c7d5aff2fab7f5ad6324f2e59",
    "zh:98b54c4a82e4e369461174f9f8be1ca54b8546e22ad64ca3794d8d54cd86dc6a",
    "zh:6a2578dfab1402c087604203fb634846234ccf0a56893b93297d0a85f39b6846",
    "zh:cf62a3d366a22186f6548e1bd5f252e25b380e75e902182034bf5564797df5c8",
    "zh:39bf69b9102483fac1ba20b0b153a8447d667c16b98a385b7438cfb58c9aac53",
    "zh:bd35f31b75e8ef12e575b1dcaba34ff129ade06e4460c00cf1ea64aec9abb9dd",
    "zh:d7ea24f1f6bd1af80505344c2c079a5bae43d34991737b5e84dda8f722334f73",
    "zh:a15392e08560386dbb41c8ccdea6af0d17d40fdac17d04f44ef13124ee971476",
    "zh:420017959f743d2685c30da84cff1a8f5096f44e98030a64b7f5d2aa310c5ccf",
    "zh:ea7089d03f5ad6962c5e4b065bb25e0c92aa66925a5eb752815e93cf4f3d12e5",
    "zh:8937fd546c22d5416cc6f60fe7015389cc473f33e6713f048f9b653ceeb1a5f9",
  ]
}

provider "registry.terraform.io/hashicorp/tls" {
  version     = "4.0.5"
  constraints = "~> 4.0"
  hashes = [
    "h1:dlMkB03Z0dkYzrnxOLtLlg2NcwXNa9L1QY5VSNmU9WM=",
    "h1:cXCRI9F/fd56xuoGfiNgqBpJnhttM915UCnvlGJ/uP4=",
    "zh:90839b8a192e9e4b543ecbe1d857c6fdfdb9eca041c23262adc8fd09f32da1da",
    "zh:f054845bb959a950dba8d0ba0454e32840a2afb7a2c555192e9921cd9dc4319d",
    "zh:cdf26a614863dd90720fe363fd0a780c8fbc93654506c1afa22cf7f6c5178122",
    "zh:2e437930be68c4eea41cc660997109bc03c2e9fa27ef29f7997374b2ccb18064",
    "zh:7c719811e291213206de577c130926ca533e9e9f73e851a70654a7cd5f9bc535",
    "zh:a38f7b125e92988383a9ea3030f15ecde3da88ad2adb0c7173ab918e3fbeaa43",
    "zh:7137acdc849decb572372c3e3dac5254cdabce103a58cb5a8099cc4c35793eec",
    "zh:d6f89204b9295e64c692bc142e0f59efffa55c2d2ac96d64f3ce06fb9ae0256d",
    "zh:c0b40fb0767883602e1d408e70d9d17a0aef3811e9fffb2c2a5f210186e2a995",
    "zh:0707c32e6b7414e28d36cb3e7313adac5b356e4a9105566f7de6289887dd75b8",
    "zh:2638899de352c3f5f9a1996588db0d84af06efd22e604b260ada6c581d153d18",
    "zh:33a837d1b675b31a44edbe9571ba1e08f5954c78226b5b28db97fb1d25ec05c6",
  ]
}

