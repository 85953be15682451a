"""Tools, platforms, databases and services (same line format as ``data_languages``)."""

TOOLS = """
PostgreSQL | Postgres, psql, postgre sql, postgres sql, pgsql, PostGIS
MySQL | my sql, mariadb
SQLite | sqlite3
Microsoft SQL Server | SQL Server, MSSQL, ms sql, sql server 2019
Oracle Database | oracle db, oracle 19c, =Oracle
MongoDB | mongo, mongo db
Redis | redis cache
Memcached
Cassandra | apache cassandra
DynamoDB | dynamo db, amazon dynamodb
Elasticsearch | elastic search, elk stack, ELK, opensearch
Solr ! | =Apache Solr
Neo4j | cypher
CouchDB | couchbase
Firebase | firestore, firebase realtime database
Supabase
Snowflake ! | =Snowflake data warehouse
BigQuery | google bigquery, big query
Amazon Redshift | redshift
Databricks | databricks lakehouse
ClickHouse
Apache Hive | hive, =Hive
Presto ! | =Trino, =PrestoDB
Apache Druid | druid
InfluxDB | influx db
TimescaleDB
Pinecone ! | =Pinecone vector db
pgvector
Weaviate
Milvus
Kafka | apache kafka, confluent kafka
RabbitMQ | rabbit mq, amqp
Amazon SQS | sqs
Apache Pulsar | pulsar
NATS ! | =NATS messaging
ActiveMQ
ZeroMQ | zmq
Celery Beat | celery beat
Hadoop | apache hadoop, hdfs
Apache NiFi | nifi
Talend
Informatica
Fivetran
Airbyte
Stitch Data | stitch etl
SSIS | sql server integration services
AWS | amazon web services, =Amazon AWS
AWS Lambda | lambda functions, aws lambdas, =Lambda
Amazon EC2 | ec2
Amazon S3 | s3, aws s3
Amazon RDS | rds, aurora, amazon aurora
Amazon ECS | ecs, fargate, aws fargate
Amazon EKS | eks
AWS CloudFormation | cloudformation
AWS CDK | cdk
AWS Glue | glue etl
Amazon SageMaker | sagemaker
Amazon Kinesis | kinesis
AWS IAM | iam policies
Amazon CloudWatch | cloudwatch
AWS Step Functions | step functions
Amazon API Gateway | api gateway
Amazon CloudFront | cloudfront
Amazon Route 53 | route53, route 53
Amazon Athena | athena queries
Amazon EMR | aws emr
Azure | microsoft azure, azure cloud
Azure DevOps | azure pipelines, vsts, tfs
Azure Functions
Azure Kubernetes Service | AKS
Azure Data Factory | ADF
Azure Synapse | synapse analytics
Azure Active Directory | azure ad, entra id
Azure Blob Storage | blob storage
Cosmos DB | cosmosdb, azure cosmos db
Google Cloud | GCP, google cloud platform
Google Kubernetes Engine | GKE
Google Cloud Functions | cloud functions
Google Cloud Run | cloud run
Google Cloud Storage | gcs
Google Pub/Sub | pubsub, pub/sub
Dataflow ! | =Google Dataflow
Vertex AI | vertexai
Firebase Hosting | firebase hosting
Heroku
Netlify
Vercel
DigitalOcean | digital ocean
Linode | akamai cloud
Cloudflare | cloudflare workers
OpenStack
VMware | vsphere, esxi, vmware vsphere
Hyper-V | hyperv
Proxmox
Docker | docker compose, docker-compose, dockerfile, containerization, containerisation
Podman
Kubernetes | k8s, kube, kubectl
Helm ! | =Helm charts
OpenShift | red hat openshift
Rancher ~ | =Rancher
Istio
Linkerd
Envoy ~ | =Envoy proxy
Terraform | terraform cloud, hashicorp terraform
Pulumi
Ansible | ansible playbooks
Chef ~ | =Chef Infra
Puppet ~ | =Puppet Enterprise
SaltStack | salt stack
Vagrant
Packer ~ | =HashiCorp Packer
Consul ~ | =HashiCorp Consul
HashiCorp Vault | =Vault
Nomad ~ | =HashiCorp Nomad
Jenkins | jenkins pipelines, jenkinsfile
GitHub Actions | github workflows, gh actions
GitLab CI | gitlab ci/cd, gitlab-ci, gitlab pipelines
CircleCI | circle ci
Travis CI | travis
TeamCity
Bamboo ~ | =Atlassian Bamboo
Argo CD | argocd, argo
Flux CD | fluxcd
Spinnaker
Git | git version control, gitflow, git flow
GitHub
GitLab
Bitbucket
Subversion | svn
Mercurial
Perforce | helix core
Nginx | nginx reverse proxy
Apache HTTP Server | apache httpd, httpd, apache web server
Apache Tomcat | tomcat
HAProxy
Traefik
Caddy ~ | =Caddy server
Gunicorn
uWSGI
Linux | gnu/linux, linux administration
Ubuntu
Debian
CentOS
Red Hat Enterprise Linux | RHEL, red hat linux
Fedora ! | =Fedora Linux
Unix | unix systems
macOS | mac os, os x, osx
Windows Server | windows server 2019, windows server 2022
Active Directory | AD DS, ldap
Prometheus
Grafana
Datadog | data dog
New Relic | newrelic
Splunk
Sentry ! | =Sentry.io
PagerDuty | pager duty
OpsGenie
Jaeger ~ | =Jaeger tracing
OpenTelemetry | otel, open telemetry
Elastic Stack | kibana, logstash, beats
Nagios
Zabbix
Dynatrace
AppDynamics
Loki ~ | =Grafana Loki
Fluentd | fluent bit
Jira | atlassian jira, jira software
Confluence
Trello
Asana
Monday.com | monday com
Notion ! | =Notion.so
ClickUp
Linear ~ | =Linear app
Basecamp
Smartsheet
Microsoft Project | ms project
Slack ! | =Slack API
Microsoft Teams | ms teams
Zoom ! | =Zoom meetings
Figma
Sketch ! | =Sketch app
Adobe XD | xd
InVision
Framer ! | =Framer Motion
Zeplin
Miro ! | =Miro board
Balsamiq
Axure
Adobe Photoshop | photoshop
Adobe Illustrator | illustrator
Adobe InDesign | indesign
Adobe Premiere Pro | premiere pro, premiere
Adobe After Effects | after effects
Adobe Lightroom | lightroom
Adobe Creative Suite | adobe creative cloud, creative cloud, adobe cs
Canva
Final Cut Pro | final cut
DaVinci Resolve | davinci
Blender
Autodesk Maya | =Maya 3D, =Maya animation
Cinema 4D | c4d
AutoCAD | auto cad, autocad civil 3d
Revit | autodesk revit
SolidWorks | solid works
CATIA
Fusion 360 | autodesk fusion 360
ANSYS | ansys fluent, ansys mechanical
COMSOL
LabVIEW | lab view
Simulink
SketchUp
Rhino ~ | =Rhino 3D, =Rhinoceros
ArcGIS | esri arcgis, arcmap
QGIS
Tableau | tableau desktop, tableau server
Power BI | powerbi, microsoft power bi, power bi desktop
Looker ! | =Looker Studio, =Google Data Studio, =LookML
Qlik | qlikview, qlik sense
Metabase
Apache Superset | superset
Mode Analytics | mode analytics
Google Analytics | GA4, google analytics 4, universal analytics
Google Tag Manager | GTM
Mixpanel
Amplitude ~ | =Amplitude analytics
Segment ~ | =Segment CDP, =Twilio Segment
Heap ~ | =Heap analytics
Hotjar
Optimizely
LaunchDarkly
Excel ! | microsoft excel, ms excel, advanced excel, pivot tables, vlookup
Microsoft Word | ms word
Microsoft PowerPoint | powerpoint, ms powerpoint
Microsoft Outlook | ms outlook
Microsoft Access | ms access
Microsoft Office | ms office, office 365, microsoft 365, m365
Google Workspace | g suite, gsuite, google docs, google sheets, google slides
SharePoint | share point
Power Automate | microsoft flow
Power Apps | powerapps
Visio ! | =Microsoft Visio, =MS Visio
Salesforce | salesforce crm, sfdc, salesforce.com
HubSpot | hubspot crm
Marketo | adobe marketo
Pardot
Mailchimp | mail chimp
Klaviyo
Braze ~ | =Braze
Intercom ~ | =Intercom
Zendesk
Freshdesk
ServiceNow | service now
Dynamics 365 | microsoft dynamics, dynamics crm
Zoho CRM | zoho
Pipedrive
Outreach.io | outreach io
Gong ~ | =Gong.io
LinkedIn Sales Navigator | sales navigator
ZoomInfo | zoom info
Hootsuite
Buffer ~ | =Buffer app
Sprout Social
SEMrush | semrush
Ahrefs
Moz ~ | =Moz Pro
Google Ads | adwords, google adwords
Facebook Ads | meta ads, facebook ads manager
LinkedIn Ads
Google Search Console | search console
Screaming Frog
SAP ! | =SAP ERP, =SAP S/4HANA, =S/4HANA, =SAP HANA
SAP FICO | sap fi/co, sap fi co
Oracle E-Business Suite | oracle ebs
NetSuite | oracle netsuite
Workday ~ | =Workday HCM, =Workday
ADP ~ | =ADP Workforce Now, =ADP, =ADP WFN
BambooHR | bamboo hr
Greenhouse ~ | =Greenhouse ATS
Lever ~ | =Lever ATS
iCIMS
Taleo ! | =Oracle Taleo
QuickBooks | quickbooks online, qbo
Xero ~ | =Xero
Sage ~ | =Sage 50, =Sage Intacct
FreshBooks
Bloomberg Terminal | bloomberg
FactSet
Capital IQ | s&p capital iq
Refinitiv Eikon | eikon, refinitiv
Hyperion ! | =Oracle Hyperion
Anaplan
Adaptive Insights | workday adaptive planning
Alteryx
KNIME
RapidMiner
SPSS | ibm spss, spss statistics
SAS Enterprise Guide | sas eg
Minitab
JMP ! | =JMP statistical
Epic ! | =Epic EHR, =Epic Systems
Cerner | oracle cerner
Meditech
eClinicalWorks
Athenahealth | athena health
Veeva ~ | =Veeva Vault, =Veeva CRM
Medidata ~ | =Medidata Rave
REDCap
Postman
Insomnia ~ | =Insomnia REST
Swagger | openapi, open api, openapi spec
SoapUI | soap ui
JMeter | apache jmeter
Gatling ~ | =Gatling load testing
k6 ! | =k6
Locust ~ | =Locust.io
LoadRunner
BrowserStack
Sauce Labs
Appium
TestRail
Zephyr ~ | =Zephyr Scale
Xray ~ | =Xray Jira
SonarQube | sonar, sonarcloud
Snyk
Veracode
Checkmarx
Burp Suite | burp
OWASP ZAP | zap proxy
Metasploit
Nmap
Wireshark
Nessus
Kali Linux | kali
CrowdStrike | crowdstrike falcon
Palo Alto Networks | palo alto firewalls
Fortinet | fortigate
Okta
Auth0
Keycloak
HashiCorp Boundary | boundary
CyberArk
Qualys
Cisco IOS | cisco ios
Cisco Networking | cisco, ccna, ccnp
Juniper ~ | =Juniper Networks, =Junos
Arista ~ | =Arista EOS
Meraki ! | =Cisco Meraki
pfSense
Ubiquiti | unifi
Android Studio
Xcode
Visual Studio | visual studio 2022
VS Code | visual studio code, vscode
IntelliJ IDEA | intellij
PyCharm
Eclipse ! | =Eclipse IDE
Jupyter | jupyter notebook, jupyter notebooks, jupyterlab, ipython
RStudio Server | posit workbench
Google Colab | colab
Anaconda | conda
Poetry ~ | =Python Poetry
pip-tools | pip tools
npm | npm scripts
Yarn ! | =Yarn
pnpm
Maven ! | =Apache Maven
Gradle
Ant Build | apache ant, =Ant
Bazel
CMake
Make ~ | =GNU Make, =Makefile, =Makefiles
Conan ~ | =Conan package manager
Homebrew
Fastlane
Nix ~ | =NixOS
Vim ! | =Vim, =Neovim
Emacs
tmux
Stripe ! | =Stripe API
PayPal ! | =PayPal API, =Braintree
Twilio
SendGrid
OAuth | oauth2, oauth2, oauth 2.0, openid connect, oidc
JWT | json web tokens, json web token
SAML
SOAP ! | =SOAP, =SOAP APIs
WebSockets | websocket, web sockets
Contentful
Strapi
Sanity ~ | =Sanity.io
Webflow
Wix ~ | =Wix
Squarespace
Shopify | shopify plus
WooCommerce
BigCommerce
Magento Commerce | magento 2
UiPath
Automation Anywhere
Blue Prism
Zapier
Make.com | integromat
Airtable
Retool
Bubble ~ | =Bubble.io
OutSystems
Mendix
Roblox Studio | roblox
Steamworks
PlayFab
Arduino
Raspberry Pi | raspberrypi
FreeRTOS
Zephyr RTOS | zephyr rtos
Yocto ! | =Yocto Project
Embedded Linux | embedded linux
Keil ! | =Keil uVision
STM32
Altium Designer | altium
KiCad
Cadence ! | =Cadence Virtuoso, =Cadence Allegro
Xilinx Vivado | vivado, xilinx
Intel Quartus | quartus
PLC Programming | plc, plcs, programmable logic controllers
SCADA
Siemens TIA Portal | tia portal, step 7
Rockwell Automation | allen-bradley, rslogix, studio 5000
Oscilloscope | oscilloscopes
Label Studio
Canvas LMS | instructure canvas
Moodle
Weights & Biases | wandb, weights and biases
DVC ! | =DVC, =Data Version Control
Kedro
Great Expectations
Apache Iceberg | iceberg tables
Delta Lake | delta tables
Apache Parquet | parquet
Apache Avro | avro
ONNX
TensorRT
Triton Inference Server | triton server
vLLM
Ollama
Apache Airflow | =Airflow, airflow dags
Storybook
Webpack
dbt | data build tool, dbt core, dbt cloud
GraphQL | graph ql
""".strip()
