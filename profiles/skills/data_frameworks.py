# ruff: noqa: E501
"""Frameworks and libraries (same line format as ``data_languages``)."""

FRAMEWORKS = """
Django | django orm
Django REST Framework | DRF, django-rest-framework, djangorestframework
Flask ! | =Flask framework
FastAPI | fast api
Pyramid ~ | =Pyramid framework
Tornado ~ | =Tornado web
Celery ! | =Celery workers
SQLAlchemy | sql alchemy
Pydantic
Pandas | pandas library
NumPy | numpy
SciPy | scipy
scikit-learn | sklearn, scikit learn, scikitlearn
TensorFlow | tensor flow, tf2, tensorflow 2
Keras
PyTorch | torch, pytorch lightning
JAX ! | =JAX
XGBoost | xgb
LightGBM | lgbm, light gbm
CatBoost
Hugging Face Transformers | huggingface transformers, hugging face, huggingface, transformers library
spaCy | spacy
NLTK
OpenCV | open cv, cv2
Matplotlib
Seaborn
Plotly
Dash ~ | =Plotly Dash
Streamlit
Statsmodels | stats models
PySpark | pyspark sql
Dask
Polars
Luigi ~ | =Luigi pipelines
Prefect ~ | =Prefect flows
Dagster
LangChain | lang chain
LlamaIndex | llama index
MLflow | ml flow
Kubeflow
Ray ~ | =Ray Tune, =Ray Serve
Gensim
Beautiful Soup | beautifulsoup, bs4
Scrapy
Selenium | selenium webdriver
Playwright
Puppeteer
pytest | py.test
unittest ! | =unittest
Jest
Mocha ! | =Mocha.js
Chai ! | =Chai.js
Cypress ~ | =Cypress.io
Jasmine ~ | =Jasmine tests
JUnit | junit5, junit 5
TestNG
Mockito
RSpec
Cucumber ~ | =Cucumber BDD
Robot Framework
React ! | React.js, ReactJS, react js, react 18, react hooks
React Native | reactnative, react-native
Redux | redux toolkit, RTK
Next.js | nextjs, next js
Vue.js | vue, vuejs, vue js, vue 3, vue3
Vuex | pinia
SAPUI5 | openui5, sap ui5
Nuxt.js | nuxt, nuxtjs
Angular | angular 2+, angular2, angular 14, angularjs, angular.js
Svelte | sveltekit, svelte kit
Ember.js | emberjs, ember js
Backbone.js | backbonejs
jQuery | jquery ui
Bootstrap ! | =Twitter Bootstrap
Tailwind CSS | tailwind, tailwindcss
Material UI | MUI, material-ui
Chakra UI
Styled Components | styled-components
Node.js | =Node, nodejs, node js
Express.js | expressjs, express js, =Express.js
NestJS | nest.js, nest js
Koa ~ | =Koa.js
Deno
Bun ~ | =Bun runtime
Three.js | threejs
D3.js | d3, d3js
Chart.js | chartjs
Vite
Babel ! | =Babel.js
RxJS | rxjs, reactive extensions
Gatsby ! | =Gatsby.js, =GatsbyJS
Remix ~ | =Remix.run
Electron ~ | =Electron.js, =ElectronJS
Ionic ~ | =Ionic framework
Flutter
SwiftUI | swift ui
UIKit | ui kit
Jetpack Compose | compose multiplatform
Android SDK | android development
iOS SDK | ios development
Xamarin
.NET | dotnet, dot net, .net core, .net framework, .net 6, .net 8, net core
ASP.NET | asp.net core, aspnet, asp.net mvc
Entity Framework | ef core, entity framework core
Blazor
WPF
WinForms | windows forms
Spring ! | spring framework, spring mvc, =Spring Cloud, =Spring Data
Spring Boot | springboot, spring-boot
Hibernate
Micronaut
Quarkus
Vert.x | vertx
Play Framework | play framework
Akka
Struts ! | =Apache Struts
Jakarta Servlets | servlets, jsp
Ruby on Rails | rails, RoR, ruby-on-rails
Sinatra ~ | =Sinatra framework
Laravel
Symfony
CodeIgniter
Zend Framework | laminas
WordPress | wordpress development
Drupal
Magento | adobe commerce
Shopify Liquid | liquid templates
Phoenix ~ | =Phoenix framework
Gin ~ | =Gin framework, =Gin Gonic
Echo ~ | =Echo framework
Fiber ~ | =Go Fiber
Actix | actix-web, actix web
Rocket ~ | =Rocket.rs
Tokio
Qt ! | =Qt5, =Qt6, =QML
Boost ~ | =Boost C++
GTK ! | =GTK+
OpenGL
Vulkan ! | =Vulkan API
DirectX
Unity | unity3d, unity 3d, =Unity engine
Unreal Engine | unreal, ue4, ue5
Godot
ROS | robot operating system, ros2
gRPC | grpc
Protocol Buffers | protobuf, protobufs
Apache Thrift | thrift
Socket.IO | socketio, socket io
Hadoop MapReduce | mapreduce, map reduce
Apache Beam | beam pipelines
Apache Flink | flink
Apache Spark | =Spark, spark sql, spark streaming
Kafka Streams | kstreams
Redux-Saga | redux saga
MobX
Zustand
Apollo GraphQL | apollo client, apollo server, apollo
Prisma ! | =Prisma ORM
TypeORM
Sequelize
Mongoose ! | =Mongoose ODM
Knex.js | knex
Alembic ! | =Alembic migrations
OpenAI API | openai sdk, gpt api, chatgpt api
Stable Diffusion
YOLO ! | =YOLOv5, =YOLOv8
Sentence Transformers | sentence-transformers, sbert
FAISS | faiss
Optuna
SHAP ! | =SHAP values
Prophet ! | =Facebook Prophet
OR-Tools | ortools, google or-tools
Gurobi
CVXPY | cvxpy
PyQt | pyside
Tkinter
Kivy
Pygame
Cocoa ~ | =Cocoa Touch
Core Data
Combine ~ | =Combine framework
RxJava
RxSwift
Retrofit ~ | =Retrofit2
Dagger ~ | =Dagger2, =Dagger Hilt
Ktor
Exposed ~ | =Kotlin Exposed
Lodash
Moment.js | momentjs
Axios
Express Handlebars | handlebars, handlebars.js
Pug ! | =Pug templates
EJS ! | =EJS
Thymeleaf
Jinja Templates | jinja templates
htmx | HTMX
Alpine.js | alpinejs
Hotwire | turbo rails, stimulus js
Ant Design | antd
Bulma ! | =Bulma CSS
Foundation CSS | zurb foundation
""".strip()
